//! The floor of signing and the inputs it is sized on, shared by the runtime's signing benchmark and
//! the peers' (`xtask/peers`), so that both measure against the same work.

use criterion::BatchSize;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// How signing routines that take a fresh request are batched: a few dozen requests made, then
/// signed, then dropped. With criterion's `SmallInput` a batch is thousands of requests; dropping them
/// lets the allocator hand the heap's top back to the kernel, so the next batch's signing allocates on
/// unmapped pages and pays a page fault every few signatures (about 375,000 in five seconds of the GET,
/// against about 300 with these batches: `perf stat -e page-faults`), which a client signing one
/// request at a time, on a heap in use, never pays. The floor allocates nothing and is not batched.
pub const BATCH: BatchSize = BatchSize::NumIterations(64);

/// The unavoidable work for a request whose body, canonical request and string to sign have these
/// sizes: SHA-256 of the body and of the canonical request, each written as hex on the stack, and one
/// HMAC over the string to sign.
pub fn floor(
    body: &[u8],
    canonical_request: &[u8],
    string_to_sign: &mut [u8],
    key: &[u8; 32],
) -> [u8; 32] {
    let mut body_hash = [0u8; 64];
    hex::encode_to_slice(Sha256::digest(body), &mut body_hash).unwrap();
    let mut request_hash = [0u8; 64];
    let mut hasher = Sha256::new();
    hasher.update(canonical_request);
    hasher.update(body_hash);
    hex::encode_to_slice(hasher.finalize(), &mut request_hash).unwrap();
    let at = string_to_sign.len() - 64;
    string_to_sign[at..].copy_from_slice(&request_hash);
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(string_to_sign);
    mac.finalize().into_bytes().into()
}

/// What the floor hashes for one signed request, at the sizes the signer hashed it.
pub struct Inputs {
    /// The canonical request without its last line (the body hash, which [`floor`] appends).
    pub canonical: Vec<u8>,
    pub string_to_sign: Vec<u8>,
}

/// The floor's inputs for `request`, which `signer` signed with `params`. The request is taken back
/// to how it stood when it was hashed (`Authorization` and `x-jdcloud-content-sha256`, which signing
/// adds after, removed) and explained; panics unless the explanation gives back the signature that
/// was set, so that the floor is never sized on other texts.
pub fn inputs<B: AsRef<[u8]>>(
    request: &mut http::Request<B>,
    signer: &jdcloud_runtime::signer::Signer,
    credentials: &jdcloud_runtime::Credentials,
    params: &jdcloud_runtime::signer::SigningParams<'_>,
) -> Inputs {
    let headers = request.headers_mut();
    let authorization = headers.remove(http::header::AUTHORIZATION).unwrap();
    headers.remove(jdcloud_runtime::signer::CONTENT_SHA256_HEADER);
    let body_hash = hex::encode(Sha256::digest(request.body().as_ref()));
    let explained = signer
        .signature(request, credentials, params, &body_hash)
        .unwrap();
    assert_eq!(explained.authorization, authorization.to_str().unwrap());
    let canonical = explained.canonical_request.into_bytes();
    Inputs {
        canonical: canonical[..canonical.len() - 64].to_vec(),
        string_to_sign: explained.string_to_sign.into_bytes(),
    }
}
