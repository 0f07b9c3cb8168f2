//! Audio files for call flows: an MP3 or WAV body of at most 10 MB is
//! stored and served to the carrier at its URL without signing in; what
//! is not audio, too large or badly named is refused and stores nothing; a
//! file a flow plays cannot be deleted; another account sees nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const MP3: &str = "audio/mpeg";

/// An MP3-looking body: the ID3 tag, then every byte value (NUL included).
fn mp3(len: usize) -> Vec<u8> {
    let mut data = b"ID3\x04\x00\x00\x00\x00\x00\x00".to_vec();
    data.extend((0..len.saturating_sub(data.len())).map(|i| (i % 256) as u8));
    data
}

fn wav() -> Vec<u8> {
    let mut data = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
    data.extend([0u8; 64]);
    data
}

async fn upload(
    t: &common::TestApp,
    c: &Client,
    name: &str,
    content_type: &str,
    data: Vec<u8>,
) -> reqwest::Response {
    c.post(t.url("/api/audio-files"))
        .query(&[("name", name)])
        .header("content-type", content_type)
        .body(data)
        .send()
        .await
        .unwrap()
}

async fn created(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn list(t: &common::TestApp, c: &Client) -> Vec<Value> {
    let r = c.get(t.url("/api/audio-files")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Vec<Value>>().await.unwrap()
}

/// The file at `url` as the carrier fetches it (no cookie).
async fn fetch(t: &common::TestApp, url: &str) -> reqwest::Response {
    let path = url.strip_prefix("http://localhost:5000").unwrap();
    Client::new().get(t.url(path)).send().await.unwrap()
}

conformance!(uploaded_audio_is_kept_and_served_to_the_carrier, |t| {
    let (c, _) = t.signed_in("alice").await;
    let body = mp3(4096);
    let file = created(upload(&t, &c, " Accueil été 🎵.mp3 ", MP3, body.clone()).await).await;
    assert_eq!(file["name"], "Accueil été 🎵.mp3", "{file}");
    assert_eq!(file["contentType"], MP3);
    assert_eq!(file["sizeBytes"], 4096);
    let url = file["url"].as_str().unwrap().to_string();
    assert!(
        url.starts_with("http://localhost:5000/media/audio/") && url.ends_with(".mp3"),
        "{url}"
    );

    // The carrier fetches it without signing in: the same bytes.
    let got = fetch(&t, &url).await;
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.headers()["content-type"], MP3);
    assert_eq!(got.bytes().await.unwrap().as_ref(), body.as_slice());
    // Any other name under the path is not found.
    for wrong in [
        url.replace(".mp3", ".wav"),
        url.replace(".mp3", ""),
        format!("{url}x"),
    ] {
        assert_eq!(
            fetch(&t, &wrong).await.status(),
            StatusCode::NOT_FOUND,
            "{wrong}"
        );
    }

    // A WAV file declared as a plain binary is recognised by its bytes, and
    // a file of exactly 10 MB is taken.
    let w = created(upload(&t, &c, "hold.wav", "application/octet-stream", wav()).await).await;
    assert_eq!(w["contentType"], "audio/wav");
    assert!(w["url"].as_str().unwrap().ends_with(".wav"));
    let big = created(upload(&t, &c, "big.mp3", MP3, mp3(10 * 1024 * 1024)).await).await;
    assert_eq!(big["sizeBytes"], 10 * 1024 * 1024);

    // Refused, and nothing stored.
    let long = "n".repeat(201);
    let refusals: Vec<(&str, &str, Vec<u8>, StatusCode)> = vec![
        (
            "notes.mp3",
            MP3,
            b"just some text".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "empty.mp3",
            MP3,
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a.mp3",
            "text/plain",
            mp3(100),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "a.mp3",
            "application/json",
            mp3(100),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        ("   ", MP3, mp3(100), StatusCode::UNPROCESSABLE_ENTITY),
        (&long, MP3, mp3(100), StatusCode::UNPROCESSABLE_ENTITY),
        ("a\u{0}b.mp3", MP3, mp3(100), StatusCode::BAD_REQUEST),
        ("a\u{7}b.mp3", MP3, mp3(100), StatusCode::BAD_REQUEST),
        (
            "huge.mp3",
            MP3,
            mp3(10 * 1024 * 1024 + 1),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (name, content_type, data, want) in refusals {
        let r = upload(&t, &c, name, content_type, data).await;
        let status = r.status();
        let body: Value = r.json().await.unwrap();
        assert_eq!(status, want, "{name:?} {content_type}: {body}");
        assert!(body["error"]["code"].is_string(), "{body}");
        assert!(body["error"]["details"].is_object(), "{body}");
    }
    assert_eq!(list(&t, &c).await.len(), 3);

    // Another account sees none of it and cannot delete it.
    let (bob, _) = t.signed_in("bob").await;
    assert!(list(&t, &bob).await.is_empty());
    let id = file["id"].as_i64().unwrap();
    let r = bob
        .delete(t.url(&format!("/api/audio-files/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A flow that plays it keeps it.
    let graph = json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "hello", "type": "play", "data": {"prompt": {"kind": "audio", "url": url}}},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "hello"},
            {"id": "e2", "source": "hello", "sourceHandle": "next", "target": "bye"}
        ]
    });
    let flow = c
        .post(t.url("/api/call-flows"))
        .json(&json!({"name": "Greeting", "graph": graph}))
        .send()
        .await
        .unwrap();
    assert_eq!(flow.status(), StatusCode::CREATED);
    let flow: Value = flow.json().await.unwrap();
    let r = c
        .delete(t.url(&format!("/api/audio-files/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Greeting"),
        "{body}"
    );
    assert_eq!(fetch(&t, &url).await.status(), StatusCode::OK);

    // Once the flow no longer plays it, it goes, and its URL with it.
    let r = c
        .delete(t.url(&format!("/api/call-flows/{}", flow["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = c
        .delete(t.url(&format!("/api/audio-files/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(fetch(&t, &url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(list(&t, &c).await.len(), 2);
    t.cleanup().await;
});
