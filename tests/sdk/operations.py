#!/usr/bin/env python3
"""Lists every operation of the official JD Cloud Python SDK as JSON, for comparison with the model.

    python3 -m venv target/sdk-venv && target/sdk-venv/bin/pip install jdcloud-sdk==1.6.354
    target/sdk-venv/bin/python tests/sdk/operations.py > operations.json

The SDK is generated: per service, `jdcloud_sdk/services/<service>/client/<Name>Client.py` names the
host, the signing name and the revision, and each `apis/<Op>Request.py` holds the URL template and the
method (the request class's call to its base constructor), the API version (the default of the
constructor's `version` argument) and a parameters class whose constructor arguments are the required
parameters and whose other attributes (`self.x = None`) the optional ones. The files are read with
regular expressions, never imported: some of them are not valid Python 3 (`self.async = None`, or
`def __init__(self, regionId, , ):` with an argument missing), so neither importing nor `ast` can read
them all.

Output: {"sdk_version": "...", "services": {"<service>": {"host", "signing_name", "revision",
"operations": {"<operationId>": {"method", "path", "version", "parameters": [...], "required": [...]}}}}}
where `path` is the URL the SDK calls below the host (`/v1/regions/{regionId}/...`), lists keep the
SDK's order, and the operation id is the request class's name without `Request`, first letter lowered.
"""
import json
import os
import re
import sys
from importlib.metadata import version

import jdcloud_sdk


CONFIG = re.compile(r"Config\(\s*'([^']+)'")
CLIENT = re.compile(r"__init__\(\s*credential,\s*config,\s*'([^']+)',\s*'([^']+)'")
REQUEST = re.compile(r"__init__\(\s*'([^']*)',\s*'([A-Za-z]+)'")
VERSION = re.compile(r"def __init__\(self, parameters, header=None, version=\"([^\"]+)\"\)")
PARAMETERS = re.compile(r"^class \w+Parameters\(object\):\s*\n\s*def __init__\(self,?([^)]*)\):", re.M)
ATTRIBUTE = re.compile(r"^\s*self\.(\w+)\s*=", re.M)


def read_client(path):
    """The Config(host) default and the (service, revision) passed to JDCloudClient."""
    text = open(path, encoding="utf-8").read()
    host = CONFIG.search(text)
    client = CLIENT.search(text)
    return (
        host and host.group(1),
        client and client.group(1),
        client and client.group(2),
    )


def read_request(path):
    text = open(path, encoding="utf-8").read()
    request = REQUEST.search(text)
    if request is None:
        return None
    api_version = VERSION.search(text)
    api_version = api_version.group(1) if api_version else "v1"
    required, parameters = [], []
    found = PARAMETERS.search(text)
    if found:
        # Empty arguments (`regionId, , `) occur in a few files that Python itself cannot parse.
        required = [a.split("=")[0].strip() for a in found.group(1).split(",")]
        required = [a for a in required if a]
        body = text[found.end():]
        setter = body.find("\n    def ")
        body = body if setter < 0 else body[:setter]
        for name in ATTRIBUTE.findall(body):
            if name not in parameters:
                parameters.append(name)
    return {
        "method": request.group(2).upper(),
        "path": "/" + api_version + request.group(1),
        "version": api_version,
        "parameters": parameters,
        "required": required,
    }


def main():
    root = os.path.join(os.path.dirname(jdcloud_sdk.__file__), "services")
    services = {}
    for service in sorted(os.listdir(root)):
        apis = os.path.join(root, service, "apis")
        client_dir = os.path.join(root, service, "client")
        if not os.path.isdir(apis) or not os.path.isdir(client_dir):
            continue
        host = name = revision = None
        for file in sorted(os.listdir(client_dir)):
            if file.endswith("Client.py"):
                host, name, revision = read_client(os.path.join(client_dir, file))
        operations = {}
        for file in sorted(os.listdir(apis)):
            if not file.endswith("Request.py"):
                continue
            op = read_request(os.path.join(apis, file))
            if op is None:
                continue
            stem = file[: -len("Request.py")]
            operations[stem[:1].lower() + stem[1:]] = op
        services[service] = {
            "host": host,
            "signing_name": name,
            "revision": revision,
            "operations": operations,
        }
    json.dump(
        {"sdk_version": version("jdcloud-sdk"), "services": services},
        sys.stdout,
        indent=None,
        sort_keys=True,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
