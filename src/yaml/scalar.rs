//! YAML 1.2 core-schema resolution of plain scalars.

use super::ScalarStyle;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    Null,
    Bool(bool),
    /// An integer; `None` when it does not fit in 64 bits.
    Int(Option<i64>),
    Float,
    Str,
}

impl ScalarKind {
    pub fn resolve(value: &str, style: ScalarStyle, core_tag: Option<&str>) -> Self {
        if let Some(kind) = Self::by_tag_or_style(style, core_tag) {
            return kind;
        }
        match value {
            "" | "~" | "null" | "Null" | "NULL" => return Self::Null,
            "true" | "True" | "TRUE" => return Self::Bool(true),
            "false" | "False" | "FALSE" => return Self::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf"
            | "-.INF" | ".nan" | ".NaN" | ".NAN" => return Self::Float,
            _ => {}
        }
        if let Some(int) = parse_int(value) {
            return Self::Int(int);
        }
        if is_float(value) {
            return Self::Float;
        }
        Self::Str
    }

    /// Resolution as PyYAML's `safe_load` does it (YAML 1.1, PyYAML's implicit resolvers):
    /// booleans are `yes|no|true|false|on|off` in three casings; integers may be binary
    /// (`0b`), octal (a leading `0`), hexadecimal, sexagesimal (`1:30`) and hold `_`; a float
    /// needs a `.` (`1e3` is a string); `0o17` is a string.
    pub fn resolve_pyyaml(value: &str, style: ScalarStyle, core_tag: Option<&str>) -> Self {
        if let Some(kind) = Self::by_tag_or_style(style, core_tag) {
            return kind;
        }
        match value {
            "" | "~" | "null" | "Null" | "NULL" => return Self::Null,
            "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
                return Self::Bool(true);
            }
            "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
                return Self::Bool(false);
            }
            _ => {}
        }
        if let Some(int) = pyyaml_int(value) {
            return Self::Int(int);
        }
        if is_pyyaml_float(value) {
            return Self::Float;
        }
        Self::Str
    }

    /// What a scalar is whatever its text, in either schema: `!!str`, `!!null`, or quoted and
    /// block scalars, which are strings.
    fn by_tag_or_style(style: ScalarStyle, core_tag: Option<&str>) -> Option<Self> {
        match core_tag {
            Some("str") => Some(Self::Str),
            Some("null") => Some(Self::Null),
            _ if style != ScalarStyle::Plain => Some(Self::Str),
            _ => None,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Int(_) => "an integer",
            Self::Float => "a number",
            Self::Str => "a string",
        }
    }
}

/// `Some(Some(n))` for an integer that fits, `Some(None)` for one that overflows.
fn parse_int(value: &str) -> Option<Option<i64>> {
    let (digits, radix) = if let Some(hex) = value.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = value.strip_prefix("0o") {
        (oct, 8)
    } else {
        (value, 10)
    };
    let unsigned = if radix == 10 {
        digits.strip_prefix(['-', '+']).unwrap_or(digits)
    } else {
        digits
    };
    if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(i64::from_str_radix(digits.trim_start_matches('+'), radix).ok())
}

fn is_float(value: &str) -> bool {
    let body = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = !(whole.is_empty() && fraction.is_empty())
        && digits(whole)
        && digits(fraction)
        && (mantissa.contains('.') || exponent.is_some());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(value: &str) -> ScalarKind {
        ScalarKind::resolve(value, ScalarStyle::Plain, None)
    }

    #[test]
    fn resolves_the_core_schema() {
        assert_eq!(plain(""), ScalarKind::Null);
        assert_eq!(plain("~"), ScalarKind::Null);
        assert_eq!(plain("True"), ScalarKind::Bool(true));
        assert_eq!(plain("yes"), ScalarKind::Str);
        assert_eq!(plain("on"), ScalarKind::Str);
        assert_eq!(plain("200"), ScalarKind::Int(Some(200)));
        assert_eq!(plain("-3"), ScalarKind::Int(Some(-3)));
        assert_eq!(plain("0x1F"), ScalarKind::Int(Some(31)));
        assert_eq!(plain("99999999999999999999"), ScalarKind::Int(None));
        assert_eq!(plain("1.5"), ScalarKind::Float);
        assert_eq!(plain("1e3"), ScalarKind::Float);
        assert_eq!(plain("."), ScalarKind::Str);
        assert_eq!(plain("1.2.3"), ScalarKind::Str);
        assert_eq!(plain("implement"), ScalarKind::Str);
        assert_eq!(
            ScalarKind::resolve("200", ScalarStyle::Quoted, None),
            ScalarKind::Str
        );
        assert_eq!(
            ScalarKind::resolve("200", ScalarStyle::Plain, Some("str")),
            ScalarKind::Str
        );
    }
}

/// PyYAML's int resolver and constructor: `Some(Some(n))`, `Some(None)` past 64 bits, `None`
/// when `value` is no int.
fn pyyaml_int(value: &str) -> Option<Option<i64>> {
    let (negative, body) = match value.as_bytes().first()? {
        b'-' => (true, &value[1..]),
        b'+' => (false, &value[1..]),
        _ => (false, value),
    };
    let digits_in = |text: &str, radix: u32| {
        !text.is_empty()
            && text.chars().all(|c| c == '_' || c.is_digit(radix))
            && text.chars().any(|c| c != '_')
    };
    let number = |text: &str, radix: u32| -> Option<i64> {
        let clean: String = text.chars().filter(|&c| c != '_').collect();
        let n = i64::from_str_radix(&clean, radix).ok()?;
        Some(if negative { -n } else { n })
    };
    if let Some(bin) = body.strip_prefix("0b") {
        return digits_in(bin, 2).then(|| number(bin, 2));
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return digits_in(hex, 16).then(|| number(hex, 16));
    }
    if body.contains(':') {
        // Sexagesimal: `[1-9][0-9_]*(:[0-5]?[0-9])+`, base 60.
        let mut parts = body.split(':');
        let head = parts.next()?;
        if head.is_empty() || head.starts_with('0') || !digits_in(head, 10) {
            return None;
        }
        let rest: Vec<&str> = parts.collect();
        let sexagesimal = |p: &&str| {
            (1..=2).contains(&p.len())
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || p.as_bytes()[0] <= b'5')
        };
        if !rest.iter().all(sexagesimal) {
            return None;
        }
        let mut total = number(head, 10).map(i64::unsigned_abs);
        for part in rest {
            total = total
                .and_then(|t| t.checked_mul(60))
                .and_then(|t| t.checked_add(part.parse::<u64>().ok()?));
        }
        return Some(
            total
                .and_then(|t| i64::try_from(t).ok())
                .map(|t| if negative { -t } else { t }),
        );
    }
    if body == "0" {
        return Some(Some(0));
    }
    if let Some(octal) = body.strip_prefix('0') {
        return digits_in(octal, 8).then(|| number(octal, 8));
    }
    let starts_nonzero = body
        .as_bytes()
        .first()
        .is_some_and(|b| (b'1'..=b'9').contains(b));
    (starts_nonzero && digits_in(body, 10)).then(|| number(body, 10))
}

/// PyYAML's float resolver: `[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?`, sexagesimal
/// floats, `.inf` and `.nan` in three casings.
fn is_pyyaml_float(value: &str) -> bool {
    let body = value.strip_prefix(['-', '+']).unwrap_or(value);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    if matches!(value, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    if let Some(exponent) = exponent {
        let Some(digits) = exponent.strip_prefix(['-', '+']) else {
            return false;
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let Some((whole, fraction)) = mantissa.split_once('.') else {
        return false;
    };
    let digits_or_underscore = |s: &str| s.chars().all(|c| c == '_' || c.is_ascii_digit());
    if whole.contains(':') {
        // Sexagesimal float: `[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, no exponent.
        let mut parts = whole.split(':');
        let head = parts.next().unwrap_or_default();
        return exponent.is_none()
            && !head.is_empty()
            && head.as_bytes()[0].is_ascii_digit()
            && digits_or_underscore(head)
            && parts.all(|p| {
                (1..=2).contains(&p.len())
                    && p.chars().all(|c| c.is_ascii_digit())
                    && (p.len() == 1 || p.as_bytes()[0] <= b'5')
            })
            && digits_or_underscore(fraction);
    }
    // A leading `.` takes no sign (`-.5` is a string to PyYAML).
    let whole_ok = if whole.is_empty() {
        body.len() == value.len()
    } else {
        whole.as_bytes()[0].is_ascii_digit() && digits_or_underscore(whole)
    };
    // `.` alone or `._` is no number: PyYAML needs a digit somewhere.
    let has_digit = whole
        .chars()
        .chain(fraction.chars())
        .any(|c| c.is_ascii_digit());
    whole_ok
        && digits_or_underscore(fraction)
        && has_digit
        && (!whole.is_empty() || fraction.as_bytes().first().is_some_and(u8::is_ascii_digit))
}

#[cfg(test)]
mod pyyaml_tests {
    use super::{ScalarKind, ScalarStyle};

    fn kind(value: &str) -> ScalarKind {
        ScalarKind::resolve_pyyaml(value, ScalarStyle::Plain, None)
    }

    #[test]
    fn integers_as_pyyaml_reads_them() {
        for (text, n) in [
            ("0", 0),
            ("1:30", 90),
            ("-1:30", -90),
            ("1:00:00", 3600),
            ("010", 8),
            ("0b101", 5),
            ("0x1F", 31),
            ("1_000", 1000),
            ("+7", 7),
        ] {
            assert_eq!(kind(text), ScalarKind::Int(Some(n)), "{text}");
        }
        for text in ["0o17", "1:60", "08", "1e3", "0x", "_1", "01:30"] {
            assert!(!matches!(kind(text), ScalarKind::Int(_)), "{text}");
        }
    }

    #[test]
    fn booleans_nulls_and_floats_as_pyyaml_reads_them() {
        assert_eq!(kind("yes"), ScalarKind::Bool(true));
        assert_eq!(kind("Off"), ScalarKind::Bool(false));
        assert_eq!(kind("y"), ScalarKind::Str);
        assert_eq!(kind("~"), ScalarKind::Null);
        for text in [
            "1.5", ".5", "1.", "1_0.5", "1.5e+3", "1:30.5", ".inf", "-.INF", ".nan",
        ] {
            assert_eq!(kind(text), ScalarKind::Float, "{text}");
        }
        for text in ["1e3", "1.5e3", ".", "1.2.3", "-.5"] {
            assert_eq!(kind(text), ScalarKind::Str, "{text}");
        }
    }
}
