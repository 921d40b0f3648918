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
        match core_tag {
            Some("str") => return Self::Str,
            Some("null") => return Self::Null,
            _ => {}
        }
        if style != ScalarStyle::Plain {
            return Self::Str;
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
