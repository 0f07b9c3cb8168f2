/** Query keys in one place so invalidation and tests agree on them. */
export const queryKeys = {
  currentUser: ['auth', 'user'] as const,
  dashboardStats: ['stats', 'dashboard'] as const,
  activity: {
    all: ['activity'] as const,
    list: (limit: number) => ['activity', limit] as const,
  },
  historicalStats: {
    all: ['stats', 'historical'] as const,
    range: (days: number) => ['stats', 'historical', days] as const,
  },
  campaigns: {
    all: ['campaigns'] as const,
    list: ['campaigns', 'list'] as const,
    options: ['campaigns', 'options'] as const,
    detail: (id: string) => ['campaigns', 'detail', id] as const,
    readiness: (id: string) => ['campaigns', 'readiness', id] as const,
    postback: (id: string) => ['campaigns', 'postback', id] as const,
  },
  buyers: {
    all: ['buyers'] as const,
    list: ['buyers', 'list'] as const,
    options: ['buyers', 'options'] as const,
    detail: (id: number) => ['buyers', 'detail', id] as const,
  },
  phoneNumbers: {
    all: ['phone-numbers'] as const,
    list: ['phone-numbers', 'list'] as const,
    unassigned: ['phone-numbers', 'unassigned'] as const,
    options: ['phone-numbers', 'options'] as const,
    history: (id: number) => ['phone-numbers', 'history', id] as const,
  },
  calls: {
    all: ['calls'] as const,
    list: ['calls', 'list'] as const,
    detail: (id: number) => ['calls', 'detail', id] as const,
    tags: (id: number) => ['calls', 'tags', id] as const,
    conversions: (id: number) => ['calls', 'conversions', id] as const,
  },
  pools: {
    all: ['pools'] as const,
    list: ['pools', 'list'] as const,
    options: ['pools', 'options'] as const,
    detail: (id: number) => ['pools', 'detail', id] as const,
  },
  callFlows: {
    all: ['call-flows'] as const,
    list: ['call-flows', 'list'] as const,
    detail: (id: number) => ['call-flows', 'detail', id] as const,
    versions: (id: number) => ['call-flows', 'versions', id] as const,
    analytics: (id: number, from: string, to: string) => ['call-flows', 'analytics', id, from, to] as const,
    options: ['call-flows', 'options'] as const,
    /** The flow's details read for its "used by" lists (not the editor's draft). */
    usage: (id: number) => ['call-flows', 'usage', id] as const,
  },
  dni: {
    all: ['dni'] as const,
    list: ['dni', 'list'] as const,
    detail: (id: number) => ['dni', 'detail', id] as const,
    sessions: (id: number) => ['dni', 'sessions', id] as const,
    usage: (id: number, from: string, to: string) => ['dni', 'usage', id, from, to] as const,
    sources: (from: string, to: string, tagId: number | undefined, model: string, halfLifeDays: number | undefined) =>
      ['dni', 'sources', from, to, tagId ?? 'all', model, halfLifeDays ?? 'tag'] as const,
  },
  audioFiles: {
    all: ['audio-files'] as const,
    list: ['audio-files', 'list'] as const,
  },
  integrations: {
    all: ['integrations'] as const,
    eventTypes: ['integrations', 'event-types'] as const,
    webhooks: ['integrations', 'webhooks'] as const,
    webhook: (id: number) => ['integrations', 'webhooks', id] as const,
    messages: (id: number, status: string) => ['integrations', 'messages', id, status] as const,
    message: (id: number, messageId: number) => ['integrations', 'message', id, messageId] as const,
    pixelOptions: ['integrations', 'pixel-options'] as const,
    pixels: ['integrations', 'pixels'] as const,
    pixel: (id: number) => ['integrations', 'pixels', id] as const,
    fires: (id: number, status: string) => ['integrations', 'fires', id, status] as const,
    urlParameters: ['integrations', 'url-parameters'] as const,
  },
}
