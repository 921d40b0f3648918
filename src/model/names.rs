//! What makes a name usable: every name becomes an identifier in generated code, so it must
//! be one in every target language (`invalid-name`), and no two names may become the same
//! identifier (`name-collision`). The language server's rename asks the same questions.

/// Whether `name` is usable as an identifier in every generated language.
pub fn is_valid(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let mut previous_separator = false;
    let body_ok = chars.all(|c| {
        let separator = c == '-' || c == '_';
        let ok = c.is_ascii_alphanumeric() || (separator && !previous_separator);
        previous_separator = separator;
        ok
    });
    starts_with_letter && body_ok && !previous_separator && !name.eq_ignore_ascii_case("self")
}

/// The form two names share when they collide: lower case, without `-` and `_`.
pub fn identity(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}
