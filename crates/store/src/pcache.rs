//! SQLite's own page cache, with one page number moved out of its way.
//!
//! When SQLite rebalances a B-tree it may swap two pages, and parks one of
//! them for a moment under the number of the "locking page" (the page
//! holding byte 1 GiB, which no database ever uses: 262,145 with 4 KiB
//! pages). SQLite's page cache remembers the highest number it ever held,
//! and at the end of every write transaction it drops the pages numbered
//! past the database's end: when that highest number is far beyond the
//! end (as the parked page leaves it, in any database under 1 GiB) it
//! walks its whole hash table to find them. On the group-commit writer's
//! connection (8 MiB of cache) that walk was 7.5% of the connection's
//! time under load, at most commits: random inserts into the CallSid and
//! caller indexes rebalance pages all the time (measured with `perf`
//! during `callcenter bench webhook`).
//!
//! This cache is SQLite's, called through: only the parked page is kept
//! under page number 0 instead, which SQLite never uses for a page and
//! which is below every end, so the highest number held stays at the
//! database's end and the end of a transaction looks at a few slots, as
//! SQLite intends. The mapping is one-to-one within each cache (the
//! locking page of the cache's page size and 0 trade places; every other
//! number is itself), so every page is found, moved and dropped as
//! before. The parked page never outlives the swap; should SQLite ever
//! leave a page under it (it would be a bug, or a corrupt database asking
//! for the locking page), truncating to a size at or below the locking
//! page drops it as it would have dropped the original.
//!
//! A page cache is configured for the whole process before SQLite starts
//! ([`install`], called before the first connection opens); if SQLite was
//! started already, its own cache stays and nothing else changes.

use std::ffi::{c_int, c_uint};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use libsqlite3_sys as ffi;

/// The byte SQLite locks (its `PENDING_BYTE`, 1 GiB): the page holding it
/// is never a database page.
const PENDING_BYTE: c_uint = 0x4000_0000;
/// Where the locking page's number is kept instead.
const PARKED: c_uint = 0;

/// SQLite's own page cache methods, kept before ours are given to SQLite
/// (which may call them from then on).
static ORIGINAL: OnceLock<Methods> = OnceLock::new();
/// Whether SQLite took ours (false: it had started already; its own cache
/// is used unchanged).
static INSTALLED: OnceLock<bool> = OnceLock::new();

#[derive(Clone, Copy)]
struct Methods(ffi::sqlite3_pcache_methods2);
// SAFETY: SQLite's page cache methods are plain functions shared by every
// connection for the life of the process; `pArg` is SQLite's (null for
// its own cache) and only handed back to it.
unsafe impl Send for Methods {}
unsafe impl Sync for Methods {}

/// One cache: SQLite's, and the number its locking page has.
struct Cache {
    inner: *mut ffi::sqlite3_pcache,
    locking_page: c_uint,
}

/// Install the cache for the process (once; later calls answer the
/// first's outcome). False when SQLite had started already.
pub(crate) fn install() -> bool {
    *INSTALLED.get_or_init(|| {
        // SAFETY: sqlite3_config is only valid before SQLite starts and
        // answers an error otherwise (nothing is changed then). SQLite
        // copies the methods given to it.
        unsafe {
            let mut original: ffi::sqlite3_pcache_methods2 = std::mem::zeroed();
            let got = ffi::sqlite3_config(
                ffi::SQLITE_CONFIG_GETPCACHE2,
                &mut original as *mut ffi::sqlite3_pcache_methods2,
            );
            if got != ffi::SQLITE_OK || original.xCreate.is_none() {
                return false;
            }
            let ours = ffi::sqlite3_pcache_methods2 {
                iVersion: 1,
                pArg: original.pArg,
                xInit: original.xInit,
                xShutdown: original.xShutdown,
                xCreate: Some(create),
                xCachesize: Some(cachesize),
                xPagecount: Some(pagecount),
                xFetch: Some(fetch),
                xUnpin: Some(unpin),
                xRekey: Some(rekey),
                xTruncate: Some(truncate),
                xDestroy: Some(destroy),
                xShrink: Some(shrink),
            };
            if ORIGINAL.set(Methods(original)).is_err() {
                return false;
            }
            ffi::sqlite3_config(
                ffi::SQLITE_CONFIG_PCACHE2,
                &ours as *const ffi::sqlite3_pcache_methods2,
            ) == ffi::SQLITE_OK
        }
    })
}

/// Pages parked for a swap so far in this process.
static PARKINGS: AtomicU64 = AtomicU64::new(0);

/// How many times SQLite parked a page under the locking page's number in
/// this process (each a swap that left the cache's end where it was).
pub fn parkings() -> u64 {
    PARKINGS.load(Ordering::Relaxed)
}

/// Whether SQLite uses this cache in this process.
pub fn installed() -> bool {
    INSTALLED.get().copied().unwrap_or(false)
}

/// SQLite's methods (always there when SQLite calls ours: they are kept
/// before it is given them).
fn original() -> Option<&'static ffi::sqlite3_pcache_methods2> {
    ORIGINAL.get().map(|m| &m.0)
}

/// The number `key` is kept under in `cache` (and back: the mapping is its
/// own inverse).
fn mapped(cache: &Cache, key: c_uint) -> c_uint {
    if key == cache.locking_page {
        PARKED
    } else if key == PARKED {
        cache.locking_page
    } else {
        key
    }
}

/// # Safety
/// `p` must be a cache made by [`create`] and not destroyed.
unsafe fn cache<'a>(p: *mut ffi::sqlite3_pcache) -> &'a Cache {
    // SAFETY: per the caller.
    unsafe { &*(p as *const Cache) }
}

unsafe extern "C" fn create(
    page_size: c_int,
    extra: c_int,
    purgeable: c_int,
) -> *mut ffi::sqlite3_pcache {
    let Some(create) = original().and_then(|m| m.xCreate) else {
        return std::ptr::null_mut();
    };
    // SAFETY: SQLite's own method, with SQLite's arguments.
    let inner = unsafe { create(page_size, extra, purgeable) };
    if inner.is_null() {
        return inner;
    }
    let locking_page = PENDING_BYTE / c_uint::try_from(page_size.max(1)).unwrap_or(1) + 1;
    Box::into_raw(Box::new(Cache {
        inner,
        locking_page,
    }))
    .cast()
}

unsafe extern "C" fn cachesize(p: *mut ffi::sqlite3_pcache, n: c_int) {
    // SAFETY: `p` is ours (SQLite only passes what `create` returned).
    let c = unsafe { cache(p) };
    if let Some(f) = original().and_then(|m| m.xCachesize) {
        // SAFETY: SQLite's method on SQLite's cache.
        unsafe { f(c.inner, n) }
    }
}

unsafe extern "C" fn pagecount(p: *mut ffi::sqlite3_pcache) -> c_int {
    // SAFETY: as in `cachesize`.
    let c = unsafe { cache(p) };
    match original().and_then(|m| m.xPagecount) {
        // SAFETY: SQLite's method on SQLite's cache.
        Some(f) => unsafe { f(c.inner) },
        None => 0,
    }
}

unsafe extern "C" fn fetch(
    p: *mut ffi::sqlite3_pcache,
    key: c_uint,
    create: c_int,
) -> *mut ffi::sqlite3_pcache_page {
    // SAFETY: as in `cachesize`.
    let c = unsafe { cache(p) };
    match original().and_then(|m| m.xFetch) {
        // SAFETY: SQLite's method on SQLite's cache.
        Some(f) => unsafe { f(c.inner, mapped(c, key), create) },
        None => std::ptr::null_mut(),
    }
}

unsafe extern "C" fn unpin(
    p: *mut ffi::sqlite3_pcache,
    page: *mut ffi::sqlite3_pcache_page,
    discard: c_int,
) {
    // SAFETY: as in `cachesize`.
    let c = unsafe { cache(p) };
    if let Some(f) = original().and_then(|m| m.xUnpin) {
        // SAFETY: SQLite's method on SQLite's cache and its page.
        unsafe { f(c.inner, page, discard) }
    }
}

unsafe extern "C" fn rekey(
    p: *mut ffi::sqlite3_pcache,
    page: *mut ffi::sqlite3_pcache_page,
    old: c_uint,
    new: c_uint,
) {
    // SAFETY: as in `cachesize`.
    let c = unsafe { cache(p) };
    if new == c.locking_page {
        PARKINGS.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(f) = original().and_then(|m| m.xRekey) {
        // SAFETY: SQLite's method on SQLite's cache and its page.
        unsafe { f(c.inner, page, mapped(c, old), mapped(c, new)) }
    }
}

unsafe extern "C" fn truncate(p: *mut ffi::sqlite3_pcache, limit: c_uint) {
    // SAFETY: as in `cachesize`.
    let c = unsafe { cache(p) };
    // A page left parked counts as the locking page it stands for.
    if limit <= c.locking_page
        && let (Some(fetch), Some(unpin)) = (
            original().and_then(|m| m.xFetch),
            original().and_then(|m| m.xUnpin),
        )
    {
        // SAFETY: SQLite's methods on SQLite's cache. The page found is
        // discarded as SQLite's truncate discards every page past the
        // limit: SQLite truncates only with none of them in use.
        unsafe {
            let parked = fetch(c.inner, PARKED, 0);
            if !parked.is_null() {
                unpin(c.inner, parked, 1);
            }
        }
    }
    if let Some(f) = original().and_then(|m| m.xTruncate) {
        // SAFETY: SQLite's method on SQLite's cache.
        unsafe { f(c.inner, limit) }
    }
}

unsafe extern "C" fn destroy(p: *mut ffi::sqlite3_pcache) {
    // SAFETY: `p` was made by `create` (Box::into_raw) and SQLite destroys
    // each cache once.
    let c = unsafe { Box::from_raw(p.cast::<Cache>()) };
    if let Some(f) = original().and_then(|m| m.xDestroy) {
        // SAFETY: SQLite's method on SQLite's cache.
        unsafe { f(c.inner) }
    }
}

unsafe extern "C" fn shrink(p: *mut ffi::sqlite3_pcache) {
    // SAFETY: as in `cachesize`.
    let c = unsafe { cache(p) };
    if let Some(f) = original().and_then(|m| m.xShrink) {
        // SAFETY: SQLite's method on SQLite's cache.
        unsafe { f(c.inner) }
    }
}
