/** Vendors and connectors as the API answers them, for the connector tests. */
import type { Connector, ConnectorType } from '@/api/connectors'

const callEvents = ['call.incoming', 'call.answered', 'call.completed', 'call.converted', 'call.failed']

export const hubspotType: ConnectorType = {
  vendor: 'hubspot',
  name: 'HubSpot',
  summary: "Finds the caller's contact by phone (or creates it) and logs a call engagement.",
  defaultBaseUrl: 'https://api.hubapi.com',
  eventTypes: callEvents,
  defaultEventTypes: ['call.completed'],
  fields: [
    { key: 'accessToken', label: 'Private app access token', secret: true, required: true, options: [], default: null, help: 'Settings → Integrations → Private apps' },
    { key: 'createContacts', label: 'Create missing contacts', secret: false, required: false, options: ['yes', 'no'], default: 'yes', help: 'Create a contact for a caller HubSpot does not know' },
  ],
  mappingTarget: 'Properties of the call engagement',
  defaultMapping: [
    { field: 'hs_call_title', template: 'Inbound call: [campaign_name]' },
    { field: 'hs_call_body', template: 'Call [call_sid] to [tracking_number]' },
  ],
}

export const ga4Type: ConnectorType = {
  vendor: 'ga4',
  name: 'Google Analytics 4',
  summary: 'Sends phone_call and call_converted events (Measurement Protocol).',
  defaultBaseUrl: 'https://www.google-analytics.com',
  eventTypes: callEvents,
  defaultEventTypes: ['call.completed', 'call.converted'],
  fields: [
    { key: 'measurementId', label: 'Measurement ID', secret: false, required: true, options: [], default: null, help: 'G-XXXXXXXXXX, under Admin → Data streams' },
    { key: 'apiSecret', label: 'Measurement Protocol API secret', secret: true, required: true, options: [], default: null, help: 'Admin → Data streams' },
    { key: 'currency', label: 'Currency', secret: false, required: false, options: [], default: 'USD', help: 'ISO 4217' },
  ],
  mappingTarget: 'Parameters of the event',
  defaultMapping: [{ field: 'campaign', template: '[utm_campaign]' }],
}

export const pipedriveType: ConnectorType = {
  vendor: 'pipedrive',
  name: 'Pipedrive',
  summary: "Finds the caller's person by phone (or creates it) and adds a call activity.",
  defaultBaseUrl: 'https://api.pipedrive.com',
  eventTypes: callEvents,
  defaultEventTypes: ['call.completed'],
  fields: [{ key: 'apiToken', label: 'API token', secret: true, required: true, options: [], default: null, help: 'Personal preferences → API' }],
  mappingTarget: 'Fields of the call activity',
  defaultMapping: [{ field: 'subject', template: 'Inbound call: [campaign_name]' }],
}

export const connectorTypes = [hubspotType, ga4Type, pipedriveType]

export function connector(overrides: Partial<Connector> = {}): Connector {
  return {
    id: 21,
    name: 'Sales CRM',
    vendor: 'hubspot',
    vendorName: 'HubSpot',
    baseUrl: 'https://api.hubapi.com',
    eventTypes: ['call.completed'],
    campaignIds: [],
    settings: { createContacts: 'no' },
    credentials: [{ key: 'accessToken', set: true, hint: '…abcd' }],
    mapping: { hs_call_body: '', lead_source: 'Phone' },
    enabled: true,
    disabledReason: null,
    figures: {
      attempts: 20,
      successRate: 95,
      averageLatencyMs: 210,
      pending: 0,
      failed: 1,
      lastSuccessAt: new Date(Date.now() - 3 * 60_000).toISOString(),
      lastFailureAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    },
    lastError: {
      at: new Date(Date.now() - 60 * 60_000).toISOString(),
      status: 401,
      message: `HubSpot answered 401: Authentication credentials not found. ${'This API supports OAuth 2.0 authentication. '.repeat(4)}End of message.`,
    },
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  }
}

export const pixelOptions = {
  fireOn: ['incoming', 'converted'],
  tokens: [
    { name: '[caller_id]', description: "The caller's number (E.164)" },
    { name: '[campaign_name]', description: "The campaign's name" },
    { name: '[revenue]', description: "The call's revenue (decimal)" },
  ],
  operators: ['equals', 'exists'],
}
