//! Builds the web app (`web/dist`) so that `cargo run --release` works on a
//! fresh clone. Runs `npm ci` when `node_modules` is missing and `npm run
//! build` when the build output is missing or older than its sources.
//! Set `CALLCENTER_SKIP_WEB_BUILD=1` to skip (the server then says the web
//! app is not built).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn main() {
    println!("cargo:rerun-if-env-changed=CALLCENTER_SKIP_WEB_BUILD");
    let web = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web");
    for input in [
        "src",
        "public",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.ts",
        "../openapi.json",
    ] {
        println!("cargo:rerun-if-changed={}", web.join(input).display());
    }
    if std::env::var_os("CALLCENTER_SKIP_WEB_BUILD").is_some_and(|v| v != "0")
        || !web.join("package.json").exists()
    {
        return;
    }
    let built = web.join("dist/index.html");
    let sources = [
        web.join("src"),
        web.join("public"),
        web.join("index.html"),
        web.join("package.json"),
        web.join("../openapi.json"),
    ];
    let built_at = modified(&built);
    let newest_source = sources.iter().filter_map(|p| newest(p)).max();
    if built_at.is_some() && newest_source <= built_at {
        return;
    }
    if !web.join("node_modules").exists() {
        npm(&web, &["ci", "--no-audit", "--no-fund"]);
    }
    npm(&web, &["run", "build"]);
}

fn npm(dir: &Path, args: &[&str]) {
    let output = Command::new("npm").args(args).current_dir(dir).output();
    match output {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`npm {}` failed in web/:\n{}\n{}\n(set CALLCENTER_SKIP_WEB_BUILD=1 to build the server without the web app)",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!(
            "could not run npm ({e}); install Node.js 20+ and npm, or set CALLCENTER_SKIP_WEB_BUILD=1"
        ),
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// The newest modification time of a file or anything under a folder.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = path.metadata().ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| newest(&e.path()))
        .max()
}
