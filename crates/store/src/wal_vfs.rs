//! A SQLite VFS over the system's own that writes each commit's WAL
//! frames to the file in one write, for the group-commit writer's
//! connection ([`crate::writer`]).
//!
//! SQLite writes a WAL frame as two writes, its 24-byte header and then
//! its page, and a frame (4,120 bytes) straddles two of the file's pages:
//! each frame cost the kernel two system calls and three page-cache
//! updates. The writer commits hundreds of frames at a time, and those
//! writes were a tenth of the whole server's CPU time under load (measured
//! with `perf` during `callcenter bench webhook`). Here the frames of a
//! commit gather in memory while SQLite appends them, and go to the file
//! in one write as soon as the commit frame is complete, inside the very
//! call that writes it. So nothing changes for anyone else:
//! - A commit becomes visible to other connections only after its frames
//!   are written (SQLite publishes it in the WAL index after the last
//!   frame's write returned), and `kill -9` after a commit returned loses
//!   nothing, as before.
//! - A write that fails fails the commit's last write, which SQLite sees
//!   and rolls back as ever.
//! - Anything else done with the WAL (a read, a sync, its size, closing
//!   it…) first writes what is gathered, and writes that do not follow on
//!   are written as they come.
//!
//! Only the WAL is buffered; every other file is the system VFS's own,
//! untouched. The connection also turns off `cache_spill`, so that no
//! frames are written before the commit (a rolled-back transaction leaves
//! nothing gathered).

use std::ffi::{CStr, c_int, c_void};
use std::mem::offset_of;
use std::ptr::{addr_of_mut, null, null_mut};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use libsqlite3_sys as ffi;

/// The VFS's name, for a connection's `vfs` option.
pub(crate) const NAME: &str = "callcenter-wal";
const NAME_C: &CStr = c"callcenter-wal";

/// The size of a WAL frame's header, which SQLite writes on its own.
const FRAME_HEADER: usize = 24;
/// Gathered bytes past which they are written without waiting for the
/// commit (a huge transaction).
const MAX_GATHERED: usize = 16 << 20;

/// The most bytes given the system's VFS in one write: it writes at most
/// 128 KiB - 1 per system call (it masks the length with 0x1ffff), so
/// each chunk is the most whole 4 KiB pages below that.
const MAX_WRITE: usize = 0x1ffff & !0xfff;

/// Writes that reached the system's VFS through this one: one per commit
/// (or per 124 KiB of it) where SQLite made two per frame.
static WRITES: AtomicU64 = AtomicU64::new(0);
/// The bytes they wrote.
static BYTES: AtomicU64 = AtomicU64::new(0);

/// The system's VFS, once this one is registered (`None`: it could not
/// be; connections then use the system's).
static INNER: OnceLock<Option<Inner>> = OnceLock::new();

#[derive(Clone, Copy)]
struct Inner(*mut ffi::sqlite3_vfs);
// SAFETY: SQLite's VFS objects are shared by every connection, from any
// thread, for the life of the process; this only keeps the pointer.
unsafe impl Send for Inner {}
unsafe impl Sync for Inner {}

/// Register the VFS (once; later calls answer the first's outcome).
/// False when SQLite has no default VFS to build on.
pub(crate) fn register() -> bool {
    // Registering starts SQLite, after which its page cache is fixed.
    crate::pcache::install();
    INNER
        .get_or_init(|| {
            // SAFETY: sqlite3_vfs_find with NULL returns the default VFS,
            // which lives as long as the process; the copy made here is
            // leaked to live as long, as sqlite3_vfs_register requires.
            unsafe {
                let inner = ffi::sqlite3_vfs_find(null());
                if inner.is_null() {
                    return None;
                }
                let mut vfs = *inner;
                vfs.szOsFile = c_int::try_from(offset_of!(WalFile, real)).ok()? + (*inner).szOsFile;
                vfs.pNext = null_mut();
                vfs.zName = NAME_C.as_ptr();
                vfs.xOpen = Some(open);
                // Every other method is the system's, called with this
                // VFS: they read nothing of it but what was copied.
                let vfs = Box::leak(Box::new(vfs));
                (ffi::sqlite3_vfs_register(vfs, 0) == ffi::SQLITE_OK).then_some(Inner(inner))
            }
        })
        .is_some()
}

/// How many writes this VFS made to WAL files so far, and of how many
/// bytes in all.
pub fn written() -> (u64, u64) {
    (
        WRITES.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

/// A WAL file: ours, then the system VFS's file (which must come last: it
/// takes the rest of the space SQLite allocates, `szOsFile`).
#[repr(C)]
struct WalFile {
    base: ffi::sqlite3_file,
    gathered: *mut Gathered,
    real: ffi::sqlite3_file,
}

#[derive(Default)]
struct Gathered {
    bytes: Vec<u8>,
    /// The file offset of `bytes[0]`.
    start: i64,
    /// Holds a commit frame's header: write all once its page follows.
    commit: bool,
}

impl Gathered {
    fn end(&self) -> i64 {
        self.start + self.bytes.len() as i64
    }
}

unsafe extern "C" fn open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let Some(Some(Inner(inner))) = INNER.get().copied() else {
        return ffi::SQLITE_CANTOPEN;
    };
    // SAFETY: SQLite hands `file` with `szOsFile` bytes (room for a
    // WalFile whose `real` is the system VFS's file), and the system VFS
    // is called exactly as SQLite would call it.
    unsafe {
        let Some(system_open) = (*inner).xOpen else {
            return ffi::SQLITE_CANTOPEN;
        };
        if flags & ffi::SQLITE_OPEN_WAL == 0 {
            return system_open(inner, name, file, flags, out_flags);
        }
        let wal = file.cast::<WalFile>();
        (*wal).base.pMethods = null();
        (*wal).gathered = null_mut();
        let real = addr_of_mut!((*wal).real);
        (*real).pMethods = null();
        let rc = system_open(inner, name, real, flags, out_flags);
        if rc != ffi::SQLITE_OK {
            if let Some(close) = (*real).pMethods.as_ref().and_then(|m| m.xClose) {
                close(real);
            }
            return rc;
        }
        (*wal).gathered = Box::into_raw(Box::default());
        (*wal).base.pMethods = &WAL_METHODS;
        ffi::SQLITE_OK
    }
}

static WAL_METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(close),
    xRead: Some(read),
    xWrite: Some(write),
    xTruncate: Some(truncate),
    xSync: Some(sync),
    xFileSize: Some(file_size),
    xLock: Some(lock),
    xUnlock: Some(unlock),
    xCheckReservedLock: Some(check_reserved_lock),
    xFileControl: Some(file_control),
    xSectorSize: Some(sector_size),
    xDeviceCharacteristics: Some(device_characteristics),
    xShmMap: Some(shm_map),
    xShmLock: Some(shm_lock),
    xShmBarrier: Some(shm_barrier),
    xShmUnmap: Some(shm_unmap),
    xFetch: Some(fetch),
    xUnfetch: Some(unfetch),
};

/// The system VFS's file inside `file` (one of ours) and its methods.
///
/// # Safety
/// `file` must be a WAL file opened by [`open`] and not yet closed.
unsafe fn real(file: *mut ffi::sqlite3_file) -> (*mut ffi::sqlite3_file, ffi::sqlite3_io_methods) {
    // SAFETY: per the contract, `real` was opened by the system VFS, which
    // set its methods.
    unsafe {
        let real = addr_of_mut!((*file.cast::<WalFile>()).real);
        (real, *(*real).pMethods)
    }
}

/// Write what is gathered (SQLite's result code).
///
/// # Safety
/// As [`real`].
unsafe fn flush(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: per the contract; `gathered` lives until `close`.
    unsafe {
        let gathered = &mut *(*file.cast::<WalFile>()).gathered;
        if gathered.bytes.is_empty() {
            return ffi::SQLITE_OK;
        }
        let (real, methods) = real(file);
        let Some(write) = methods.xWrite else {
            return ffi::SQLITE_IOERR_WRITE;
        };
        let mut rc = ffi::SQLITE_OK;
        let mut offset = gathered.start;
        for chunk in gathered.bytes.chunks(MAX_WRITE) {
            // A chunk's length is below MAX_WRITE, an int.
            rc = write(real, chunk.as_ptr().cast(), chunk.len() as c_int, offset);
            WRITES.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            if rc != ffi::SQLITE_OK {
                break;
            }
            offset += chunk.len() as i64;
        }
        gathered.bytes.clear();
        gathered.commit = false;
        rc
    }
}

unsafe extern "C" fn write(
    file: *mut ffi::sqlite3_file,
    data: *const c_void,
    amount: c_int,
    offset: i64,
) -> c_int {
    let Ok(len) = usize::try_from(amount) else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    // SAFETY: SQLite passes `amount` readable bytes at `data`, and one of
    // our files (the methods are only ever set on those).
    unsafe {
        let gathered = &mut *(*file.cast::<WalFile>()).gathered;
        if !gathered.bytes.is_empty() && offset != gathered.end() {
            let rc = flush(file);
            if rc != ffi::SQLITE_OK {
                return rc;
            }
        }
        let bytes = std::slice::from_raw_parts(data.cast::<u8>(), len);
        // A frame header's second word is the database's size in pages
        // after a commit, zero in any other frame.
        let commit_header = len == FRAME_HEADER && bytes[4..8] != [0; 4];
        if commit_header && gathered.bytes.is_empty() {
            // Not the end of a run of frames (a header rewritten in
            // place): nothing would follow it here, so write it now.
            let (real, methods) = real(file);
            WRITES.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(len as u64, Ordering::Relaxed);
            return match methods.xWrite {
                Some(write) => write(real, data, amount, offset),
                None => ffi::SQLITE_IOERR_WRITE,
            };
        }
        if gathered.bytes.is_empty() {
            gathered.start = offset;
        }
        gathered.bytes.extend_from_slice(bytes);
        if commit_header {
            gathered.commit = true;
            return ffi::SQLITE_OK;
        }
        if gathered.commit || gathered.bytes.len() >= MAX_GATHERED {
            return flush(file);
        }
        ffi::SQLITE_OK
    }
}

/// Define methods that write what is gathered, then call the system's.
macro_rules! flushed {
    ($($name:ident => $method:ident($($arg:ident: $ty:ty),*) $none:expr;)*) => {$(
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> c_int {
            // SAFETY: SQLite calls these only on files opened by `open`.
            unsafe {
                let rc = flush(file);
                if rc != ffi::SQLITE_OK {
                    return rc;
                }
                let (real, methods) = real(file);
                match methods.$method {
                    Some(m) => m(real, $($arg),*),
                    None => $none,
                }
            }
        }
    )*};
}

/// Define methods that only call the system's.
macro_rules! passed {
    ($($name:ident => $method:ident($($arg:ident: $ty:ty),*) -> $ret:ty, $none:expr;)*) => {$(
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> $ret {
            // SAFETY: SQLite calls these only on files opened by `open`.
            unsafe {
                let (real, methods) = real(file);
                match methods.$method {
                    Some(m) => m(real, $($arg),*),
                    None => $none,
                }
            }
        }
    )*};
}

flushed! {
    read => xRead(buf: *mut c_void, amount: c_int, offset: i64) ffi::SQLITE_IOERR_READ;
    truncate => xTruncate(size: i64) ffi::SQLITE_IOERR_TRUNCATE;
    sync => xSync(flags: c_int) ffi::SQLITE_IOERR_FSYNC;
    file_size => xFileSize(size: *mut i64) ffi::SQLITE_IOERR_FSTAT;
    file_control => xFileControl(op: c_int, arg: *mut c_void) ffi::SQLITE_NOTFOUND;
    fetch => xFetch(offset: i64, amount: c_int, out: *mut *mut c_void) {
        *out = null_mut();
        ffi::SQLITE_OK
    };
}

passed! {
    lock => xLock(level: c_int) -> c_int, ffi::SQLITE_OK;
    unlock => xUnlock(level: c_int) -> c_int, ffi::SQLITE_OK;
    check_reserved_lock => xCheckReservedLock(out: *mut c_int) -> c_int, {
        *out = 0;
        ffi::SQLITE_OK
    };
    sector_size => xSectorSize() -> c_int, 4096;
    device_characteristics => xDeviceCharacteristics() -> c_int, 0;
    shm_map => xShmMap(page: c_int, size: c_int, extend: c_int, out: *mut *mut c_void) -> c_int, ffi::SQLITE_IOERR_SHMMAP;
    shm_lock => xShmLock(offset: c_int, n: c_int, flags: c_int) -> c_int, ffi::SQLITE_IOERR_SHMLOCK;
    shm_barrier => xShmBarrier() -> (), ();
    shm_unmap => xShmUnmap(delete: c_int) -> c_int, ffi::SQLITE_OK;
    unfetch => xUnfetch(offset: i64, page: *mut c_void) -> c_int, ffi::SQLITE_OK;
}

unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite closes each file it opened once, and uses it no more.
    unsafe {
        let flushed = flush(file);
        let (real, methods) = real(file);
        let closed = methods.xClose.map_or(ffi::SQLITE_OK, |close| close(real));
        let wal = file.cast::<WalFile>();
        drop(Box::from_raw((*wal).gathered));
        (*wal).gathered = null_mut();
        if flushed != ffi::SQLITE_OK {
            flushed
        } else {
            closed
        }
    }
}
