//! Voting codes, printed on slips for citizens without a fediverse account: ten characters
//! from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), shown as two groups
//! of five. 25^10 ≈ 10^14 codes, against a guess limit per address: guessing one of even
//! 10,000 live codes takes some 10^10 tries. Only their SHA-256 is stored.

use super::Invalid;
use rand::Rng;
use sha2::Digest;

pub const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";
pub const LENGTH: usize = 10;
/// Codes per batch at most: a commune prints them; more would be a typing error.
pub const MAX_BATCH: usize = 10_000;

/// A new code, as printed: `XXXXX-XXXXX`.
pub fn generate(rng: &mut impl Rng) -> String {
    let raw: String = (0..LENGTH)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &raw[..LENGTH / 2], &raw[LENGTH / 2..])
}

/// The code a citizen typed, in its canonical form: letter case, spaces and dashes aside.
pub fn normalize(typed: &str) -> Result<String, Invalid> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() != LENGTH || !code.bytes().all(|b| ALPHABET.contains(&b)) {
        return Err(Invalid::new(
            "code",
            format!("must be the {LENGTH} characters printed on the slip"),
        ));
    }
    Ok(code)
}

/// What is stored: the SHA-256 of the canonical code.
pub fn hash(canonical: &str) -> String {
    hex::encode(sha2::Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_read_back_whatever_the_case_and_spacing() {
        let mut rng = rand::thread_rng();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let code = generate(&mut rng);
            assert_eq!(code.len(), LENGTH + 1);
            assert_eq!(&code[5..6], "-");
            let canonical = normalize(&code).expect("a generated code is valid");
            assert_eq!(normalize(&code.to_lowercase()), Ok(canonical.clone()));
            let spaced = format!(" {} {} ", &canonical[..5], &canonical[5..]);
            assert_eq!(normalize(&spaced), Ok(canonical.clone()));
            assert_eq!(hash(&canonical).len(), 64);
            seen.insert(canonical);
        }
        assert_eq!(seen.len(), 1000, "codes repeat");
    }

    #[test]
    fn look_alikes_and_wrong_lengths_are_not_codes() {
        for bad in [
            "",
            "ACDEF",
            "ACDEF-GHJKMN",
            "ACDEF-GHJK0",
            "ACDEF-GHJKO",
            "ACDEF-GHJK1",
        ] {
            assert_eq!(normalize(bad).map_err(|e| e.field), Err("code"), "{bad}");
        }
        for c in b"0O1IL2Z5S8B" {
            assert!(!ALPHABET.contains(c), "{}", *c as char);
        }
    }
}
