import type { BidRequest, BidResponse, RtbTarget, TestBid } from '@/api/rtb'

export function rtbTarget(overrides: Partial<RtbTarget> = {}): RtbTarget {
  return {
    id: 7,
    name: 'Acme Bidder',
    company: 'Acme Corp',
    contactEmail: null,
    contactPhone: null,
    endpointUrl: 'https://bid.acme.test/rtb',
    requestMethod: 'POST',
    contentType: 'json',
    authentication: { type: 'bearer', hasSecret: true, maskedSecret: '••••1234' },
    customHeaders: {},
    requestTemplate: {},
    responseConfig: { bidAmountPath: 'bidAmount', destinationNumberPath: 'destinationNumber' },
    timeoutMs: 5000,
    minBid: '1.00',
    maxBid: '50.00',
    currency: 'USD',
    status: 'active',
    responseTimeMs: 320,
    successRate: 87.5,
    winRate: 42.25,
    totalBids: 1234,
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    ...overrides,
  }
}

export function testBid(overrides: Partial<TestBid> = {}): TestBid {
  return {
    method: 'POST',
    url: 'https://bid.acme.test/rtb',
    request: '{"requestId":"test-123","campaignId":"cmp"}',
    response: '{"bidAmount":12.5,"destinationNumber":"+12125550100"}',
    httpStatus: 200,
    responseTimeMs: 640,
    status: 'success',
    accepted: true,
    bidAmount: '12.50',
    currency: 'USD',
    destination: '+12125550100',
    rejectionCode: null,
    rejectionReason: null,
    error: null,
    ...overrides,
  }
}

export function bidRequest(overrides: Partial<BidRequest> = {}): BidRequest {
  return {
    id: 1,
    requestId: 'req-abc',
    campaignId: 'cmp-1',
    campaignName: 'Solar Leads',
    callStartTime: '2026-11-20T15:00:00Z',
    totalTargets: 3,
    successfulResponses: 2,
    failedResponses: 1,
    timeoutResponses: 0,
    totalResponseTimeMs: 1400,
    averageResponseTimeMs: 700,
    auctionStatus: 'completed',
    winningBid: '25.00',
    winningTargetName: 'Fast Bidder',
    winningDestination: '+12125550100',
    createdAt: '2026-11-20T15:00:01Z',
    ...overrides,
  }
}

export function bidResponse(overrides: Partial<BidResponse> = {}): BidResponse {
  return {
    id: 1,
    requestId: 'req-abc',
    rtbTargetId: 1,
    targetName: 'Fast Bidder',
    responseStatus: 'success',
    isAccepted: true,
    isWinningBid: true,
    bidAmount: '25.00',
    bidCurrency: 'USD',
    responseTimeMs: 200,
    destinationNumber: '+12125550100',
    requestSentAt: '2026-11-20T15:00:00Z',
    ...overrides,
  }
}
