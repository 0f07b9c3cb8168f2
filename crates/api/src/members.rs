//! Members and invitations (`/api/settings/members`, and the invitation
//! link's public side under `/api/auth/invitations`). Owners and admins
//! invite by e-mail (a link valid 7 days; accepting sets a username and
//! password), change roles and remove members; only an owner grants,
//! changes or removes an owner, and an account always keeps one.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::Role;
use serde::{Deserialize, Serialize};
use store::members::{Invitation, MemberChange, NewMember};
use store::users::User;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::stats::rfc3339;

/// How long an invitation link works.
const VALID_MS: i64 = 7 * 24 * 3600 * 1000;
/// Open invitations an account may have at once.
const MAX_PENDING: usize = 50;

/// A member of the account.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberOut {
    pub id: i64,
    pub username: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[schema(example = "manager")]
    pub role: String,
    pub joined_at: String,
    /// The member making the request.
    pub you: bool,
    /// The user who founded the account (cannot be removed).
    pub founder: bool,
}

/// An invitation not yet accepted.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationOut {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub invited_at: String,
    pub expires_at: String,
    /// `pending`, or `expired` (invite again to send a new link).
    pub status: String,
}

/// The account's people.
#[derive(Serialize, ToSchema)]
pub struct MembersOut {
    pub members: Vec<MemberOut>,
    pub invitations: Vec<InvitationOut>,
}

/// Someone to invite.
#[derive(Deserialize, ToSchema)]
pub struct InvitationIn {
    pub email: String,
    /// owner, admin, manager or analyst.
    #[schema(example = "analyst")]
    pub role: String,
}

/// An invitation just made: its link, this once.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationCreatedOut {
    pub invitation: InvitationOut,
    /// The link to accept it (valid 7 days); it is not shown again.
    pub link: String,
    /// Whether the link was e-mailed to the address.
    pub emailed: bool,
    /// Why it was not e-mailed, when it was not.
    pub email_error: Option<String>,
}

/// A new role for a member.
#[derive(Deserialize, ToSchema)]
pub struct MemberRoleIn {
    /// owner, admin, manager or analyst.
    pub role: String,
}

/// What an invitation link offers, before accepting.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationPreviewOut {
    pub email: String,
    pub role: String,
    /// The account's name (its founder's username).
    pub account: String,
    pub invited_by: String,
    pub expires_at: String,
}

/// Accepting an invitation: the new member's sign-in.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptInvitationIn {
    /// 3-50 of letters, digits, `_`, `.` and `-`.
    pub username: String,
    /// 8-256 characters.
    pub password: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

fn member_out(u: User, me: i64) -> MemberOut {
    MemberOut {
        you: u.id == me,
        founder: u.id == u.account_id,
        joined_at: rfc3339(u.created_at),
        role: u.role,
        id: u.id,
        username: u.username,
        email: u.email,
        first_name: u.first_name,
        last_name: u.last_name,
    }
}

fn invitation_out(i: Invitation) -> InvitationOut {
    let status = if i.is_open(domain::now_ms()) {
        "pending"
    } else {
        "expired"
    };
    InvitationOut {
        id: i.id,
        email: i.email,
        role: i.role,
        invited_at: rfc3339(i.created_at),
        expires_at: rfc3339(i.expires_at),
        status: status.into(),
    }
}

fn parse_role(text: &str) -> ApiResult<Role> {
    Role::parse(text.trim()).ok_or_else(|| {
        ApiError::validation("role", "must be one of owner, admin, manager, analyst")
    })
}

/// The signed-in member making a change to people, with their role.
fn actor(user: &CurrentUser) -> ApiResult<(i64, Role)> {
    let id = user.member()?;
    Ok((id, user.role.unwrap_or(Role::Analyst)))
}

/// Only an owner grants, changes or removes an owner.
fn owner_guard(actor: Role, touched: Role) -> ApiResult<()> {
    if touched == Role::Owner && actor != Role::Owner {
        return Err(
            ApiError::forbidden("Only an owner can grant, change or remove an owner")
                .with_details(serde_json::json!({ "role": actor.as_str(), "required": "owner" })),
        );
    }
    Ok(())
}

fn conflict(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "CONFLICT", message).with_details(serde_json::json!({}))
}

fn change_result(change: MemberChange) -> ApiResult<()> {
    match change {
        MemberChange::Done => Ok(()),
        MemberChange::LastOwner => Err(conflict(
            "The account must keep an owner: make someone else owner first",
        )),
        MemberChange::Founder => Err(conflict(
            "The member who founded the account cannot be removed; their role can be changed",
        )),
    }
}

/// The account's members and open invitations.
#[utoipa::path(get, path = "/api/settings/members", tag = "settings",
    responses((status = 200, body = MembersOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn list_members(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<MembersOut>> {
    let (me, _) = actor(&user)?;
    let members = app.store.members(user.account).await?;
    let invitations = app.store.pending_invitations(user.account).await?;
    Ok(Json(MembersOut {
        members: members.into_iter().map(|m| member_out(m, me)).collect(),
        invitations: invitations.into_iter().map(invitation_out).collect(),
    }))
}

/// Invite someone by e-mail. The link is in the answer (once) and, when a
/// mail server is configured, e-mailed. Inviting an address again replaces
/// its earlier link.
#[utoipa::path(post, path = "/api/settings/members/invitations", tag = "settings",
    request_body = InvitationIn,
    responses((status = 201, body = InvitationCreatedOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "Already a member, or an address with an account"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn invite_member(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<InvitationIn>,
) -> ApiResult<(StatusCode, Json<InvitationCreatedOut>)> {
    let (me, my_role) = actor(&user)?;
    let email = domain::account::parse_email(&input.email)
        .map_err(|e| ApiError::validation(e.field, e.reason))?;
    let role = parse_role(&input.role)?;
    owner_guard(my_role, role)?;
    if app.store.email_taken(&email).await? {
        return Err(ApiError::conflict(
            "email",
            "someone with this address already has a sign-in here",
        ));
    }
    let pending = app.store.pending_invitations(user.account).await?;
    for earlier in pending.iter().filter(|i| i.email == email) {
        app.store
            .revoke_invitation(user.account, earlier.id)
            .await?;
    }
    if pending.iter().filter(|i| i.email != email).count() >= MAX_PENDING {
        return Err(conflict(format!(
            "An account can have at most {MAX_PENDING} open invitations: withdraw some first"
        )));
    }
    let token = domain::password::new_token();
    let digest = domain::password::token_digest(&token);
    let expires_at = domain::now_ms() + VALID_MS;
    let invitation = app
        .store
        .create_invitation(user.account, &email, role, &digest, me, expires_at)
        .await?;
    let link = format!(
        "{}/invite/{token}",
        app.settings.public_url.trim_end_matches('/')
    );
    let inviter = app.store.user_by_id(me).await?;
    let account = app.store.user(user.account).await?;
    let body = format!(
        "{} invited you to the CallCenter Pro account \"{}\" as {}.\n\n\
         Accept within 7 days: {link}\n\n\
         If you did not expect this, ignore this e-mail.\n",
        inviter.username,
        account.username,
        role.as_str()
    );
    let sent = if app.settings.smtp.is_some() {
        crate::mail::send_text(&app, &email, "You are invited to CallCenter Pro", body).await
    } else {
        Err(crate::mail::NOT_CONFIGURED.to_string())
    };
    if let Err(e) = &sent {
        tracing::info!(reason = %e, "invitation not e-mailed");
    }
    Ok((
        StatusCode::CREATED,
        Json(InvitationCreatedOut {
            invitation: invitation_out(invitation),
            link,
            emailed: sent.is_ok(),
            email_error: sent.err(),
        }),
    ))
}

/// Withdraw an invitation: its link stops working.
#[utoipa::path(delete, path = "/api/settings/members/invitations/{id}", tag = "settings",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(crate) async fn revoke_invitation(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let (_, my_role) = actor(&user)?;
    let pending = app.store.pending_invitations(user.account).await?;
    let invite = pending
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| ApiError::not_found("No such invitation"))?;
    owner_guard(my_role, Role::parse(&invite.role).unwrap_or(Role::Owner))?;
    app.store.revoke_invitation(user.account, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Give a member another role.
#[utoipa::path(patch, path = "/api/settings/members/{id}", tag = "settings",
    params(("id" = i64, Path)), request_body = MemberRoleIn,
    responses((status = 200, body = MemberOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account would have no owner"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn update_member(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MemberRoleIn>,
) -> ApiResult<Json<MemberOut>> {
    let (me, my_role) = actor(&user)?;
    let role = parse_role(&input.role)?;
    let member = app.store.member(user.account, id).await?;
    owner_guard(my_role, member.role())?;
    owner_guard(my_role, role)?;
    change_result(app.store.set_member_role(user.account, id, role).await?)?;
    Ok(Json(member_out(
        app.store.member(user.account, id).await?,
        me,
    )))
}

/// Take a member off the account: they are signed out everywhere and can
/// no longer sign in.
#[utoipa::path(delete, path = "/api/settings/members/{id}", tag = "settings",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "Yourself, the founder, or the last owner")))]
pub(crate) async fn remove_member(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let (me, my_role) = actor(&user)?;
    let member = app.store.member(user.account, id).await?;
    owner_guard(my_role, member.role())?;
    if id == me {
        return Err(conflict(
            "You cannot remove yourself: ask another owner or admin",
        ));
    }
    change_result(app.store.remove_member(user.account, id).await?)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The open invitation behind a link's token, or a 404.
async fn open_invitation(app: &AppState, token: &str) -> ApiResult<Invitation> {
    let gone = || ApiError::not_found("This invitation is no longer valid: ask for a new one");
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(gone());
    }
    let invite = app
        .store
        .invitation_by_digest(&domain::password::token_digest(token))
        .await?
        .ok_or_else(gone)?;
    if !invite.is_open(domain::now_ms()) {
        return Err(gone());
    }
    Ok(invite)
}

/// What an invitation link offers (no sign-in needed).
#[utoipa::path(get, path = "/api/auth/invitations/{token}", tag = "auth",
    params(("token" = String, Path, description = "The token of the invitation link")),
    responses((status = 200, body = InvitationPreviewOut),
        (status = 404, body = ErrorEnvelope, description = "Unknown, used, withdrawn or expired")))]
pub(crate) async fn preview_invitation(
    State(app): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<InvitationPreviewOut>> {
    let invite = open_invitation(&app, &token).await?;
    let account = app.store.user(domain::AccountId(invite.account_id)).await?;
    let inviter = app
        .store
        .user_by_id(invite.invited_by)
        .await
        .map(|u| u.username)
        .unwrap_or_else(|_| "A member".into());
    Ok(Json(InvitationPreviewOut {
        email: invite.email,
        role: invite.role,
        account: account.username,
        invited_by: inviter,
        expires_at: rfc3339(invite.expires_at),
    }))
}

/// Accept an invitation: choose a username and password, and be signed in
/// as a member with the invited role.
#[utoipa::path(post, path = "/api/auth/invitations/{token}/accept", tag = "auth",
    params(("token" = String, Path)), request_body = AcceptInvitationIn,
    responses((status = 201, body = crate::auth::LoginOut),
        (status = 404, body = ErrorEnvelope, description = "Unknown, used, withdrawn or expired"),
        (status = 409, body = ErrorEnvelope, description = "Username or e-mail taken"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn accept_invitation(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
    ApiJson(input): ApiJson<AcceptInvitationIn>,
) -> ApiResult<Response> {
    let invite = open_invitation(&app, &token).await?;
    let new = domain::NewUser::parse(&input.username, Some(&invite.email), &input.password)
        .map_err(|e| ApiError::validation(e.field, e.reason))?;
    let first_name = crate::auth::optional_name("firstName", input.first_name.as_deref())?;
    let last_name = crate::auth::optional_name("lastName", input.last_name.as_deref())?;
    let password = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || domain::password::hash(password.expose()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let user = app
        .store
        .accept_invitation(
            &domain::password::token_digest(&token),
            &NewMember {
                username: &new.username,
                password_hash: &hash,
                first_name: first_name.as_deref(),
                last_name: last_name.as_deref(),
            },
        )
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => {
                ApiError::not_found("This invitation is no longer valid: ask for a new one")
            }
            other => other.into(),
        })?;
    crate::auth::start_session(
        &app,
        user,
        &headers,
        &peer.ip().to_string(),
        StatusCode::CREATED,
    )
    .await
}

pub fn settings_router() -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa_axum::routes;
    utoipa_axum::router::OpenApiRouter::new()
        .routes(routes!(list_members))
        .routes(routes!(invite_member))
        .routes(routes!(revoke_invitation))
        .routes(routes!(update_member, remove_member))
        .routes(routes!(preview_invitation))
        .routes(routes!(accept_invitation))
}
