//! OL9xx: findings about octolint's own annotations.

family! {
    unused_suppression: UNUSED_SUPPRESSION => Suppressions,
}
