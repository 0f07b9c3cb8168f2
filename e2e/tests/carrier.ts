import type { APIRequestContext, APIResponse } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import twilio from 'twilio'

/**
 * Carrier (Twilio) webhooks as Twilio sends them: form posts signed with the
 * official helper library against the server's public URL. start-server.sh
 * runs the server with this auth token and CALLCENTER_PUBLIC_URL = baseURL.
 */
export const TWILIO_AUTH_TOKEN = 'e2e-auth-token'

/** A fresh CallSid / AccountSid: the prefix and 32 hex digits. */
export function sid(prefix: 'CA' | 'AC'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`
}

/** The public URL Twilio would call for `path` (what the signature covers). */
export function webhookUrl(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/$/, '')}${path}`
}

/** `X-Twilio-Signature` of a form post to `url` with `params`. */
export function sign(url: string, params: Record<string, string>, authToken = TWILIO_AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params)
}

/** Posts `params` to `url` as Twilio would, signed (or with the signature given). */
export function postWebhook(
  request: APIRequestContext,
  url: string,
  params: Record<string, string>,
  signature = sign(url, params),
): Promise<APIResponse> {
  return request.post(url, { form: params, headers: { 'X-Twilio-Signature': signature } })
}
