//! The memory allocator of the `octolint` binary (and of the benchmarks, so they measure it).
//!
//! The system allocator spends a third of a large check in `malloc` and `free`: the YAML tree
//! and the model are hundreds of thousands of small values. mimalloc halves that.

/// The allocator to declare with `#[global_allocator]`.
pub type Allocator = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mi_option_t` has no Rust constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// What the process does, which decides what it does with the memory it frees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// A command that reads, checks and exits. Freed memory goes back to the system at once
    /// rather than a second later: a check frees the parser's buffers and the YAML tree while
    /// it builds the model, and holding them back adds 40 % to the peak of a large file
    /// (174 MB instead of 122 MB for 10 MB of YAML), at no measurable cost in time. And on
    /// Linux, memory comes in 4 KiB pages, not the 2 MiB transparent huge pages mimalloc asks
    /// for, which hold memory that is never used (`octolint --version` 10 MB instead of 4 MB,
    /// a check of 1 MB of YAML 36 MB instead of 16 MB, of 10 MB 119 MB instead of 109 MB).
    OneShot,
    /// The language server, which analyses the same document again on every keystroke: keeping
    /// freed memory for a second lets the next analysis reuse it instead of asking the system
    /// for fresh pages, a fifth of the time an edit of a large file takes.
    Server,
}

/// mimalloc's default purge delay, in milliseconds.
const DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// Sets the allocator up for `workload`: first thing in `main`, and again when the command
/// turns out to be the language server.
pub fn configure(workload: Workload) {
    let purge_delay = match workload {
        Workload::OneShot => 0,
        Workload::Server => DEFAULT_PURGE_DELAY,
    };
    // SAFETY: sets one of mimalloc's documented options; any value of it is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, purge_delay) };
    #[cfg(target_os = "linux")]
    huge_pages(workload == Workload::Server);
}

/// Lets the kernel back this process's memory with transparent huge pages, or not. mimalloc
/// does the same at start-up when `MIMALLOC_ALLOW_THP=0` is set.
#[cfg(target_os = "linux")]
fn huge_pages(allow: bool) {
    // SAFETY: `PR_SET_THP_DISABLE` takes a flag and no pointers. It fails only on kernels
    // older than 3.15, which then keep their default.
    unsafe {
        libc::prctl(
            libc::PR_SET_THP_DISABLE,
            libc::c_ulong::from(!allow),
            0,
            0,
            0,
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test: the settings are the process's, and tests run on parallel threads.
    #[test]
    fn a_command_returns_memory_at_once_in_small_pages_and_the_server_keeps_it() {
        // SAFETY: reads an option.
        let delay = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // Its default in mimalloc 3; another option would read otherwise.
        assert_eq!(delay(), DEFAULT_PURGE_DELAY);
        #[cfg(target_os = "linux")]
        // SAFETY: reads the flag.
        let huge_pages_off = || unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) } == 1;
        configure(Workload::OneShot);
        assert_eq!(delay(), 0);
        #[cfg(target_os = "linux")]
        assert!(huge_pages_off());
        configure(Workload::Server);
        assert_eq!(delay(), DEFAULT_PURGE_DELAY);
        #[cfg(target_os = "linux")]
        assert!(!huge_pages_off());
    }
}
