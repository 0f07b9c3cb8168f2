//! Audio files for call flows' prompts (`/api/audio-files`): upload an MP3
//! or WAV file of at most 10 MB as the request body, list, delete. Each
//! file gets a URL under `/media/audio/` that the carrier fetches without
//! signing in: a long random token is the only thing it holds, and the
//! answer never changes (a new upload is a new URL). A file that a flow's
//! draft or published version plays cannot be deleted.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use store::StoreError;
use store::audio_files::{AudioFileRow, NewAudioFile};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery};
use crate::shapes::{DeletedOut, ListParams, list_response};
use crate::stats::rfc3339;

/// The largest file accepted.
pub const MAX_AUDIO_BYTES: usize = 10 * 1024 * 1024;
/// Files one account may keep.
const MAX_FILES: i64 = 200;
/// Where the carrier fetches files.
const MEDIA_PATH: &str = "/media/audio/";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_audio_files, upload_audio_file))
        .routes(routes!(delete_audio_file))
        // The body of an upload may be larger than the API's usual limit.
        .layer(DefaultBodyLimit::max(MAX_AUDIO_BYTES))
}

/// The public route the carrier fetches files from.
pub fn media_router() -> axum::Router<AppState> {
    axum::Router::new().route(
        &format!("{MEDIA_PATH}{{file}}"),
        axum::routing::get(serve_audio_file),
    )
}

/// Sort names of the list; the first is the default.
const SORTS: &[&str] = &["createdAt", "name", "sizeBytes"];

/// The two kinds of file accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Mp3,
    Wav,
}

impl Kind {
    /// What the bytes are, by their first bytes (never by the name or the
    /// declared type).
    fn sniff(data: &[u8]) -> Option<Self> {
        match data {
            [b'I', b'D', b'3', ..] => Some(Self::Mp3),
            [0xFF, b, ..] if b & 0xE0 == 0xE0 => Some(Self::Mp3),
            [
                b'R',
                b'I',
                b'F',
                b'F',
                _,
                _,
                _,
                _,
                b'W',
                b'A',
                b'V',
                b'E',
                ..,
            ] => Some(Self::Wav),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Mp3 => "audio/mpeg",
            Self::Wav => "audio/wav",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Mp3 => "mp3",
            Self::Wav => "wav",
        }
    }

    fn of_content_type(content_type: &str) -> Option<Self> {
        match content_type {
            "audio/mpeg" => Some(Self::Mp3),
            "audio/wav" => Some(Self::Wav),
            _ => None,
        }
    }
}

/// Declared types an upload may carry (what the bytes are is checked).
const ACCEPTED_TYPES: &[&str] = &[
    "audio/mpeg",
    "audio/mp3",
    "audio/wav",
    "audio/x-wav",
    "audio/wave",
    "audio/vnd.wave",
    "application/octet-stream",
];

/// An uploaded audio file.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AudioFileOut {
    pub id: i64,
    /// The name it was uploaded with.
    pub name: String,
    #[schema(example = "audio/mpeg")]
    pub content_type: String,
    pub size_bytes: i64,
    /// Where the carrier fetches it: put this in a Play prompt.
    #[schema(example = "https://your-domain.com/media/audio/4f0c…e1.mp3")]
    pub url: String,
    pub created_at: String,
}

fn file_out(app: &AppState, row: AudioFileRow) -> AudioFileOut {
    let ext = Kind::of_content_type(&row.content_type)
        .map(Kind::extension)
        .unwrap_or("bin");
    AudioFileOut {
        url: format!("{}{MEDIA_PATH}{}.{ext}", app.settings.public_url, row.token),
        id: row.id,
        name: row.name,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        created_at: rfc3339(row.created_at),
    }
}

/// An uploaded file's bytes, as the request body.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct AudioBytes(Vec<u8>);

/// The name of an upload.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name as shown in the builder; 1-200 characters.
    pub name: String,
}

/// The account's audio files; the total is in `X-Total-Count`.
#[utoipa::path(get, path = "/api/audio-files", tag = "audio-files", params(ListParams),
    responses(
        (status = 200, body = Vec<AudioFileOut>,
            headers(("x-total-count" = i64, description = "Files matching the search"))),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn list_audio_files(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Response> {
    let page = params.page(SORTS)?;
    let (rows, total) = app.store.list_audio_files(user.account, &page).await?;
    let items: Vec<AudioFileOut> = rows.into_iter().map(|r| file_out(&app, r)).collect();
    Ok(list_response(items, total))
}

/// Upload an MP3 or WAV file (at most 10 MB) as the request body.
#[utoipa::path(post, path = "/api/audio-files", tag = "audio-files", params(UploadQuery),
    request_body(content((AudioBytes = "audio/mpeg"), (AudioBytes = "audio/wav"), (AudioBytes = "application/octet-stream")),
        description = "The file's bytes"),
    responses(
        (status = 201, body = AudioFileOut),
        (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account holds as many files as it may"),
        (status = 413, body = ErrorEnvelope, description = "The file is larger than 10 MB"),
        (status = 415, body = ErrorEnvelope, description = "Not an audio content type"),
        (status = 422, body = ErrorEnvelope, description = "Not an MP3 or WAV file, or a bad name"),
    ))]
async fn upload_audio_file(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<UploadQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<AudioFileOut>)> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !ACCEPTED_TYPES.contains(&declared.as_str()) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Expected an MP3 (audio/mpeg) or WAV (audio/wav) body",
        ));
    }
    let name = domain::validate::text(&query.name, 200, true)
        .map_err(|r| ApiError::validation("name", r))?;
    let data = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                "The file is larger than 10 MB",
            )
        } else {
            ApiError::bad_request(e.body_text())
        }
    })?;
    let kind = Kind::sniff(&data)
        .ok_or_else(|| ApiError::validation("body", "is not an MP3 or WAV file"))?;
    let token = format!("{:032x}", rand::random::<u128>());
    let file = NewAudioFile {
        token: &token,
        name: &name,
        content_type: kind.content_type(),
        data: &data,
    };
    let row = app
        .store
        .create_audio_file(user.account, &file, MAX_FILES)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => ApiError::conflict(
                "body",
                format!("the account holds {MAX_FILES} audio files: delete one first"),
            ),
            other => other.into(),
        })?;
    Ok((StatusCode::CREATED, Json(file_out(&app, row))))
}

/// Delete a file no call flow plays.
#[utoipa::path(delete, path = "/api/audio-files/{id}", tag = "audio-files",
    params(("id" = i64, Path, description = "Audio file id")),
    responses(
        (status = 200, body = DeletedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "A call flow plays the file"),
    ))]
async fn delete_audio_file(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    let row = app.store.audio_file(user.account, id).await?;
    let flows = app.store.flows_naming(user.account, &row.token).await?;
    if !flows.is_empty() {
        return Err(ApiError::conflict(
            "id",
            format!(
                "call flows play this file ({}): change their prompts first",
                flows.join(", ")
            ),
        ));
    }
    app.store.delete_audio_file(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// A file, to the carrier: `/media/audio/{token}.{mp3|wav}`.
async fn serve_audio_file(State(app): State<AppState>, Path(file): Path<String>) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "Not found").into_response();
    let Some((token, ext)) = file.split_once('.') else {
        return not_found();
    };
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return not_found();
    }
    match app.store.audio_file_data(token).await {
        Ok(Some((content_type, data)))
            if Kind::of_content_type(&content_type).map(Kind::extension) == Some(ext) =>
        {
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::CACHE_CONTROL,
                        "public, max-age=31536000, immutable".to_string(),
                    ),
                ],
                data,
            )
                .into_response()
        }
        Ok(_) => not_found(),
        Err(e) => {
            tracing::warn!(error = %e, "could not read an audio file");
            (StatusCode::SERVICE_UNAVAILABLE, "Try again").into_response()
        }
    }
}
