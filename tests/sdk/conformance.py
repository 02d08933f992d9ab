#!/usr/bin/env python3
"""The official SDK's side of `cargo xtask conformance`: sends calls through jdcloud-sdk's own clients
and checks signatures with its own signer, one JSON request per line on stdin, one JSON answer per
line on stdout.

    {"cmd": "operations"}
        -> the SDK's operation list, as tests/sdk/operations.py prints it
    {"cmd": "send", "service": "redis", "operation": "describeBackups", "endpoint": "127.0.0.1:PORT",
     "parameters": {...}, "headers": {...}, "access_key": "...", "secret_key": "..."}
        -> {"sent": true, "built": "sdk" | "generic", "unknown": [...]} or {"error": "..."}
    {"cmd": "verify", "service": "redis", "parameters": {...}, "method": "GET",
     "url": "http://127.0.0.1:PORT/v1/...", "headers": {...}, "body": "...",
     "access_key": "...", "secret_key": "..."}
        -> {"authorization": "<what the SDK's signer computes for that request>"}

`send` builds the request as an application does: the service's `<Name>Client`, the operation's
`<Op>Request` and `<Op>Parameters` (required parameters as constructor arguments, the others as
attributes), header parameters as the request's `header`. A parameter the SDK's class lacks is set
as an attribute all the same (`unknown` names them): the client sends every attribute. A few request
files of the SDK are not valid Python 3 (`self.async = None`); their request is built as their own
class would build it (`built: generic`): a `JDCloudRequest` with the file's URL, method and version,
and a parameters object holding the file's attributes.

`verify` gives the SDK's signer a request received from someone else, with that request's date,
nonce and signed headers, and the SDK's own choice of region (the `regionId` parameter, else
`jdcloud-api`) and signing name; the caller compares the Authorization header it computes.
"""
import importlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import operations  # noqa: E402  (tests/sdk/operations.py, beside this file)
from jdcloud_sdk.core.config import Config  # noqa: E402
from jdcloud_sdk.core.credential import Credential  # noqa: E402
from jdcloud_sdk.core.jdcloudclient import JDCloudClient  # noqa: E402
from jdcloud_sdk.core.jdcloudrequest import JDCloudRequest  # noqa: E402
from jdcloud_sdk.core.signer import Signer  # noqa: E402


class Quiet:
    """Stands in for the SDK's logger."""

    def log(self, level, msg):
        pass


def sdk_root():
    import jdcloud_sdk

    return os.path.join(os.path.dirname(jdcloud_sdk.__file__), "services")


SERVICES = {}


def service_info(service):
    """(client class name, signing name, revision) of a service directory of the SDK."""
    if service not in SERVICES:
        client_dir = os.path.join(sdk_root(), service, "client")
        found = None
        for file in sorted(os.listdir(client_dir)):
            if file.endswith("Client.py"):
                _, name, revision = operations.read_client(os.path.join(client_dir, file))
                found = (file[: -len(".py")], name, revision)
        SERVICES[service] = found
    return SERVICES[service]


def client_for(service, endpoint, access_key, secret_key):
    class_name, name, revision = service_info(service)
    credential = Credential(access_key, secret_key)
    config = Config(endpoint, scheme="http", timeout=20)
    module = importlib.import_module("jdcloud_sdk.services.%s.client.%s" % (service, class_name))
    return getattr(module, class_name)(credential, config, Quiet())


class Parameters(object):
    """The parameters object of a request file Python 3 cannot import."""


def request_for(service, operation, parameters, headers):
    stem = operation[:1].upper() + operation[1:]
    path = os.path.join(sdk_root(), service, "apis", stem + "Request.py")
    try:
        module = importlib.import_module("jdcloud_sdk.services.%s.apis.%sRequest" % (service, stem))
    except SyntaxError:
        module = None
    if module is not None:
        described = operations.read_request(path)
        arguments = [parameters.get(name) for name in described["required"]]
        params = getattr(module, stem + "Parameters")(*arguments)
        request_class = getattr(module, stem + "Request")
        built = "sdk"
    else:
        described = operations.read_request(path)
        params = Parameters()
        for name in described["parameters"]:
            setattr(params, name, None)
        built = "generic"
    unknown = []
    for name, value in parameters.items():
        if not hasattr(params, name):
            unknown.append(name)
        setattr(params, name, value)
    header = dict(headers) if headers else None
    if module is not None:
        request = request_class(params, header)
    else:
        version = described["version"]
        url = described["path"][len("/" + version):]
        request = JDCloudRequest(url, described["method"], header, version)
        request.parameters = params
    return request, built, unknown


def send(message):
    client = client_for(message["service"], message["endpoint"], message["access_key"],
                        message["secret_key"])
    request, built, unknown = request_for(message["service"], message["operation"],
                                          message["parameters"], message.get("headers"))
    client.send(request)
    return {"sent": True, "built": built, "unknown": unknown}


def verify(message):
    _, name, _ = service_info(message["service"])
    region = message["parameters"].get("regionId") or "jdcloud-api"
    headers = dict(message["headers"])
    Signer(Quiet()).sign(method=message["method"], service=name, region=region,
                         uri=message["url"], headers=headers, data=message["body"],
                         credential=Credential(message["access_key"], message["secret_key"]),
                         security_token=None)
    return {"authorization": headers["Authorization"]}


def listing():
    saved = sys.stdout
    try:
        import io

        sys.stdout = io.StringIO()
        operations.main()
        return json.loads(sys.stdout.getvalue())
    finally:
        sys.stdout = saved


def main():
    commands = {"operations": lambda m: listing(), "send": send, "verify": verify}
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        try:
            answer = commands[message["cmd"]](message)
        except Exception as error:  # reported to the caller, which decides
            answer = {"error": "%s: %s" % (type(error).__name__, error)}
        sys.stdout.write(json.dumps(answer, sort_keys=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
