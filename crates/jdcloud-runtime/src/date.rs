//! The request time as the signature writes it, `YYYYMMDDTHHMMSSZ`, formatted on the stack (this runs
//! on every attempt).

use std::time::SystemTime;

use time::OffsetDateTime;

/// A request time in the signature's form.
pub(crate) struct Date([u8; 16]);

impl Date {
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("digits, T and Z")
    }
}

/// `YYYYMMDDTHHMMSSZ` in UTC, written digit by digit.
pub(crate) fn format_date(time: SystemTime) -> Date {
    fn put_digits(text: &mut [u8], value: u32) {
        let mut value = value;
        for slot in text.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    let time = OffsetDateTime::from(time);
    let mut text = *b"00000000T000000Z";
    put_digits(&mut text[0..4], time.year().clamp(0, 9999) as u32);
    put_digits(&mut text[4..6], u32::from(u8::from(time.month())));
    put_digits(&mut text[6..8], u32::from(time.day()));
    put_digits(&mut text[9..11], u32::from(time.hour()));
    put_digits(&mut text[11..13], u32::from(time.minute()));
    put_digits(&mut text[13..15], u32::from(time.second()));
    Date(text)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::format_date;

    #[test]
    fn dates_are_written_as_the_signature_wants_them() {
        let date = |time| format_date(time).as_str().to_owned();
        assert_eq!(date(SystemTime::UNIX_EPOCH), "19700101T000000Z");
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_125_081);
        assert_eq!(date(time), "20251126T024441Z");
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(951_868_799);
        assert_eq!(date(time), "20000229T235959Z");
    }
}
