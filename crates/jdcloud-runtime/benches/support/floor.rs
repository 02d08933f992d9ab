//! The floor of signing, shared by the runtime's signing benchmark and the peers' (`xtask/peers`), so
//! that both measure against the same work.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

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
