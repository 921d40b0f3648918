//! OL0xx: a file's structure and its names — what must hold before anything is resolved.

family! {
    @outer crate::diagnostic::structural {
        yaml_syntax: YAML_SYNTAX => Reading,
        duplicate_key: DUPLICATE_KEY => Reading,
        unknown_key: UNKNOWN_KEY => Reading,
        invalid_value: INVALID_VALUE => Reading,
        missing_field: MISSING_FIELD => Reading,
    }
    invalid_name: INVALID_NAME => semantic,
    name_collision: NAME_COLLISION => semantic,
}
