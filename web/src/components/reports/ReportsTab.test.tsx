import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { cloneElement, type ReactElement } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { emptySpec, type Report, type ReportInput, type ReportSchedule, type ReportSpec } from '@/api/reports'
import type { UrlParameter } from '@/api/urlParameters'
import { buyer, campaignSummary, signedInUser } from '@/test/fixtures'
import { reportResult, reportRow, savedReport } from '@/test/reportFixtures'
import { rtbTarget } from '@/test/rtbFixtures'
import { bodyOf, calledRoutes, cellTexts, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { ReportsTab } from './ReportsTab'

vi.mock('recharts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('recharts')>()
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) => (
      <div style={{ width: 800, height: 300 }}>{cloneElement(children, { width: 800, height: 300 })}</div>
    ),
  }
})

function urlParameter(overrides: Partial<UrlParameter> = {}): UrlParameter {
  return {
    id: 1,
    parameterName: 'affiliate',
    displayName: 'Affiliate',
    parameterType: 'string',
    defaultValue: null,
    trackingScope: 'global',
    campaignId: null,
    status: 'active',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  }
}

const trackedParameters = [urlParameter(), urlParameter({ id: 2, parameterName: 'sub_id', displayName: 'sub_id', parameterType: 'number' })]

const lists = {
  'GET /api/auth/user': () => jsonResponse(signedInUser),
  'GET /api/integrations/url-parameters': () => jsonResponse(trackedParameters),
  'GET /api/campaigns': () => listResponse([campaignSummary({ id: 'c-1', name: 'Medicare Direct' }), campaignSummary({ id: 'c-2', name: 'Solar Leads' })]),
  'GET /api/buyers': () => listResponse([buyer({ id: 7, name: 'Premium Buyer' })]),
  'GET /api/rtb/targets': () => listResponse([rtbTarget({ id: 3, name: 'Acme Bidder' })]),
}

/** Answers a run with two rows (a campaign, then CA for a second dimension) for whatever spec was sent. */
function answerRun(init: RequestInit | undefined) {
  const spec = JSON.parse(String(init?.body)) as ReportSpec
  const keyed = (id: string, name: string) => (spec.dimensions.length === 2 ? [[id, 'CA'], [name, 'CA']] : [[id], [name]])
  const [k1, l1] = keyed('c-1', 'Medicare Direct')
  const [k2, l2] = keyed('c-2', 'Solar Leads')
  return jsonResponse(
    reportResult(
      spec,
      [
        reportRow(k1!, l1!, { calls: 120, revenue: '1250.00', converted: 30, conversionRate: 25, profit: '1100.00' }),
        reportRow(k2!, l2!, { calls: 80, revenue: '750.5', converted: 10, conversionRate: 12.5, profit: '-20.10' }),
      ],
      { calls: 200, revenue: '2000.50', converted: 40, conversionRate: 20, profit: '1079.90' },
      { from: spec.from ?? '2026-10-27', to: spec.to ?? '2026-11-25' },
    ),
  )
}

async function choose(user: ReturnType<typeof userEvent.setup>, combobox: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: combobox }))
  await user.click(await screen.findByRole('option', { name: option }))
}

let anchorClicks: HTMLAnchorElement[]

beforeEach(() => {
  anchorClicks = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    anchorClicks.push(this)
  })
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:report'), revokeObjectURL: vi.fn() })
})
afterEach(() => vi.restoreAllMocks())

describe('Reports tab: the builder', () => {
  it('sends the chosen dimensions, metrics, period, filters and chart, and shows the chart and table with totals', async () => {
    const fetchMock = mockFetch({ ...lists, 'GET /api/reports': () => jsonResponse({ reports: [] }), 'POST /api/reports/run': answerRun })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })

    // A new report starts as calls, conversions and revenue by campaign over 30 days.
    expect(within(form).getByRole('combobox', { name: 'Group by' })).toHaveTextContent('Campaign')
    expect(within(form).getByRole('checkbox', { name: 'Calls' })).toBeChecked()
    expect(within(form).getByRole('checkbox', { name: 'Profit' })).not.toBeChecked()

    await choose(user, 'Then by', 'Caller state')
    await user.click(within(form).getByRole('checkbox', { name: 'Converted' }))
    await user.click(within(form).getByRole('checkbox', { name: 'Conversion rate' }))
    await user.click(within(form).getByRole('checkbox', { name: 'Profit' }))
    await choose(user, 'Period', 'Custom dates')
    fireEvent.change(within(form).getByLabelText(/First day/), { target: { value: '2026-11-01' } })
    fireEvent.change(within(form).getByLabelText(/Last day/), { target: { value: '2026-11-20' } })
    await choose(user, 'Campaign', 'Medicare Direct')
    await choose(user, 'Buyer', 'Premium Buyer')
    await choose(user, 'Call status', 'Completed')
    await choose(user, 'RTB target', 'Acme Bidder')
    await user.type(within(form).getByRole('textbox', { name: 'Caller state' }), 'ca')
    await user.type(within(form).getByRole('textbox', { name: 'Source' }), 'google')
    await user.type(within(form).getByRole('textbox', { name: 'Medium' }), ' cpc ')
    await user.type(within(form).getByRole('textbox', { name: 'Ad campaign' }), 'spring-sale')
    await user.type(within(form).getByRole('textbox', { name: 'Term' }), 'car insurance ')
    await user.type(within(form).getByRole('textbox', { name: 'Content' }), 'banner-a')
    await user.click(within(screen.getByRole('group', { name: 'Chart type' })).getByRole('button', { name: 'Line' }))
    await user.click(within(form).getByRole('button', { name: 'Run report' }))

    const result = await screen.findByRole('region', { name: 'Report result' })
    expect(bodyOf(fetchMock, 'POST /api/reports/run')).toEqual({
      dimensions: ['campaign', 'state'],
      metrics: ['calls', 'revenue', 'profit'],
      range: 'custom',
      from: '2026-11-01',
      to: '2026-11-20',
      parameter: null,
      filters: { campaignId: 'c-1', buyerId: 7, status: 'completed', callerState: 'CA', rtbTargetId: 3, source: 'google', medium: 'cpc', utmCampaign: 'spring-sale', utmTerm: 'car insurance', utmContent: 'banner-a', param: null },
      chartType: 'line',
    })
    const table = within(result).getByRole('table', { name: 'Report' })
    expect(within(table).getAllByRole('row').map(cellTexts)).toEqual([
      ['Campaign', 'Caller state', 'Calls', 'Revenue', 'Profit'],
      ['Medicare Direct', 'CA', '120', '$1,250.00', '$1,100.00'],
      ['Solar Leads', 'CA', '80', '$750.50', '-$20.10'],
      ['Total', '200', '$2,000.50', '$1,079.90'],
    ])
    const chart = within(result).getByRole('img', { name: 'Report: calls, revenue, profit by campaign and caller state' })
    // Two dimensions: one line per caller state over the campaigns, for the first metric.
    expect(chart.querySelectorAll('.recharts-line')).toHaveLength(1)
    expect(result).toHaveTextContent('Calls per caller state. The table has every metric.')
    expect(result).toHaveTextContent('Nov 1 – Nov 20 · 2 rows')
  })

  it('checks the form before asking the server', async () => {
    const fetchMock = mockFetch({ ...lists, 'GET /api/reports': () => jsonResponse({ reports: [] }), 'POST /api/reports/run': answerRun })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })

    for (const name of ['Calls', 'Converted', 'Revenue', 'Conversion rate']) await user.click(within(form).getByRole('checkbox', { name }))
    await choose(user, 'Period', 'Custom dates')
    fireEvent.change(within(form).getByLabelText(/First day/), { target: { value: '2026-11-20' } })
    fireEvent.change(within(form).getByLabelText(/Last day/), { target: { value: '2026-11-01' } })
    await user.click(within(form).getByRole('button', { name: 'Run report' }))

    expect(await within(form).findByText('Choose at least one metric')).toBeInTheDocument()
    expect(within(form).getByText('The last day cannot be before the first')).toBeInTheDocument()
    fireEvent.change(within(form).getByLabelText(/Last day/), { target: { value: '2027-11-21' } })
    await user.click(within(form).getByRole('button', { name: 'Run report' }))
    expect(await within(form).findByText('At most 366 days')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])
  })

  it('puts the server’s 422 on the field it names', async () => {
    mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports: [] }),
      'POST /api/reports/run': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid report', { field: 'filters.callerState', reason: 'is not a US state' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })
    await user.type(within(form).getByRole('textbox', { name: 'Caller state' }), 'zz')
    await user.click(within(form).getByRole('button', { name: 'Run report' }))

    expect(await within(form).findByText('is not a US state')).toBeInTheDocument()
    expect(within(form).getByRole('textbox', { name: 'Caller state' })).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('region', { name: 'Report result' })).not.toBeInTheDocument()
  })

  it.each([
    ['CSV', 'csv', 'text/csv', 'campaign-report.csv'],
    ['Excel', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'campaign-report.xlsx'],
    ['PDF', 'pdf', 'application/pdf', 'campaign-report.pdf'],
  ])('exports the spec as %s and downloads the file under the server’s name', async (label, ext, type, filename) => {
    const fetchMock = mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports: [] }),
      [`POST /api/reports/run.${ext}`]: () =>
        new Response(ext === 'pdf' ? '%PDF-1.7' : 'file', { status: 200, headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${filename}"` } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })
    await user.click(within(form).getByRole('button', { name: `Export ${label}` }))

    await waitFor(() => expect(anchorClicks).toHaveLength(1))
    expect(anchorClicks[0]?.download).toBe(filename)
    expect(anchorClicks[0]?.href).toBe('blob:report')
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0]?.[0] as Blob
    expect(blob.type).toBe(type)
    expect(bodyOf(fetchMock, `POST /api/reports/run.${ext}`)).toMatchObject({ dimensions: ['campaign'], metrics: ['calls', 'converted', 'revenue', 'conversionRate'], range: 'last30' })
  })

  it('shows a failed export and downloads nothing', async () => {
    mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports: [] }),
      'POST /api/reports/run.pdf': () => errorResponse(500, 'INTERNAL_ERROR', 'The PDF could not be made'),
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })
    await user.click(within(form).getByRole('button', { name: 'Export PDF' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('The PDF could not be made')
    expect(anchorClicks).toEqual([])
  })
})

describe('Reports tab: URL parameters', () => {
  it('groups by a tracked URL parameter and filters by another one’s value', async () => {
    const fetchMock = mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports: [] }),
      'POST /api/reports/run': () =>
        jsonResponse(
          reportResult({ dimensions: ['parameter'] }, [reportRow(['A1'], ['A1'], { calls: 3 }), reportRow([null], ['Not set'], { calls: 1 })], { calls: 4 }),
        ),
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })
    expect(within(form).queryByRole('combobox', { name: 'URL parameter' })).not.toBeInTheDocument()

    await choose(user, 'Group by', 'URL parameter')
    // The parameter is asked for before the server is.
    await user.click(within(form).getByRole('button', { name: 'Run report' }))
    expect(await within(form).findByText('Choose the URL parameter to group by')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    const grouping = within(form).getAllByRole('combobox', { name: 'URL parameter' })[0]!
    await user.click(grouping)
    await user.click(await screen.findByRole('option', { name: 'Affiliate (affiliate)' }))
    const filter = within(form).getByRole('group', { name: 'URL parameter filter' })
    expect(within(filter).getByRole('textbox', { name: 'Value' })).toBeDisabled()
    await user.click(within(filter).getByRole('combobox', { name: 'URL parameter' }))
    await user.click(await screen.findByRole('option', { name: 'sub_id' }))
    await user.type(within(filter).getByRole('textbox', { name: 'Value' }), ' 42 ')
    await user.click(within(form).getByRole('button', { name: 'Run report' }))

    const result = await screen.findByRole('region', { name: 'Report result' })
    expect(bodyOf(fetchMock, 'POST /api/reports/run')).toMatchObject({
      dimensions: ['parameter'],
      parameter: 'affiliate',
      filters: { param: 'sub_id:42', campaignId: null },
    })
    expect(within(within(result).getByRole('table', { name: 'Report' })).getAllByRole('row').map(cellTexts)).toEqual([
      ['URL parameter', 'Calls'],
      ['A1', '3'],
      ['Not set', '1'],
      ['Total', '4'],
    ])
  })

  it('cannot group by a URL parameter when the account tracks none, and has no parameter filter', async () => {
    mockFetch({ ...lists, 'GET /api/integrations/url-parameters': () => jsonResponse([]), 'GET /api/reports': () => jsonResponse({ reports: [] }) })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })
    expect(await within(form).findByText(/Define URL parameters under/)).toHaveTextContent('Define URL parameters under Integrations to group by one.')
    expect(within(form).getByRole('link', { name: 'Integrations' })).toHaveAttribute('href', '/integrations')
    await user.click(within(form).getByRole('combobox', { name: 'Group by' }))
    expect(await screen.findByRole('option', { name: 'URL parameter' })).toHaveAttribute('aria-disabled', 'true')
    expect(within(form).queryByRole('group', { name: 'URL parameter filter' })).not.toBeInTheDocument()
  })

  it.each([
    ['parameter', 'is not a tracked URL parameter', 'combobox'],
    ['filters.param', 'is too long', 'textbox'],
  ] as const)('puts the server’s 422 on %s inline', async (field, reason, role) => {
    mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports: [] }),
      'POST /api/reports/run': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid report', { field, reason }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const form = await screen.findByRole('form', { name: 'Report builder' })
    await choose(user, 'Then by', 'URL parameter')
    await user.click(within(form).getAllByRole('combobox', { name: 'URL parameter' })[0]!)
    await user.click(await screen.findByRole('option', { name: 'sub_id' }))
    const filter = within(form).getByRole('group', { name: 'URL parameter filter' })
    await user.click(within(filter).getByRole('combobox', { name: 'URL parameter' }))
    await user.click(await screen.findByRole('option', { name: 'Affiliate (affiliate)' }))
    await user.type(within(filter).getByRole('textbox', { name: 'Value' }), 'A1')
    await user.click(within(form).getByRole('button', { name: 'Run report' }))

    expect(await within(form).findByText(reason)).toBeInTheDocument()
    const control = role === 'textbox' ? within(filter).getByRole('textbox', { name: 'Value' }) : within(form).getAllByRole('combobox', { name: 'URL parameter' })[0]!
    expect(control).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })
})

describe('Reports tab: saved reports', () => {
  it('saves the built report under a name and lists it', async () => {
    let reports: Report[] = []
    const fetchMock = mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports }),
      'POST /api/reports': (init) => {
        const input = JSON.parse(String(init?.body)) as ReportInput
        // The builder sends a full spec, as a saved report holds it.
        const created = savedReport({ id: 11, name: input.name, spec: input.spec as ReportSpec, schedule: input.schedule as ReportSchedule })
        reports = [created]
        return jsonResponse(created, 201)
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    expect(await screen.findByText('No saved reports yet')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save report…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Save report' })
    await user.click(within(dialog).getByRole('button', { name: 'Save report' }))
    expect(await within(dialog).findByText('Enter a name')).toBeInTheDocument()
    await user.type(within(dialog).getByRole('textbox', { name: 'Report name' }), 'Campaign revenue')
    await user.click(within(dialog).getByRole('button', { name: 'Save report' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(bodyOf(fetchMock, 'POST /api/reports')).toEqual({
      name: 'Campaign revenue',
      spec: {
        dimensions: ['campaign'],
        metrics: ['calls', 'converted', 'revenue', 'conversionRate'],
        range: 'last30',
        from: null,
        to: null,
        parameter: null,
        filters: { campaignId: null, buyerId: null, status: null, callerState: null, rtbTargetId: null, source: null, medium: null, utmCampaign: null, utmTerm: null, utmContent: null, param: null },
        chartType: 'bar',
      },
      schedule: { frequency: 'none', weekday: 1, hour: 8, recipients: [] },
    })
    const list = await screen.findByRole('list', { name: 'Saved reports' })
    expect(within(list).getByRole('listitem', { name: 'Campaign revenue' })).toHaveTextContent('Calls, Converted, Revenue, Conversion rate by campaign · Last 30 days')
    expect(screen.getByRole('heading', { name: 'Editing “Campaign revenue”' })).toBeInTheDocument()
  })

  it('shows a 422 on the name inline', async () => {
    mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports: [] }),
      'POST /api/reports': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid report', { field: 'name', reason: 'is already used by another report' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    await user.click(await screen.findByRole('button', { name: 'Save report…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Save report' })
    await user.type(within(dialog).getByRole('textbox', { name: 'Report name' }), 'Weekly')
    await user.click(within(dialog).getByRole('button', { name: 'Save report' }))
    expect(await within(dialog).findByText('is already used by another report')).toBeInTheDocument()
    expect(within(dialog).getByRole('textbox', { name: 'Report name' })).toHaveAttribute('aria-invalid', 'true')
  })

  it('opens a saved report into the builder, runs it, and saves changes to it keeping its schedule', async () => {
    const weekly = { frequency: 'weekly' as const, weekday: 5, hour: 7, recipients: ['ops@example.com'] }
    const report = savedReport({
      id: 5,
      name: 'Buyer payouts',
      spec: { ...savedReport().spec, dimensions: ['buyer', 'day'], metrics: ['payout', 'calls'], range: 'lastMonth', chartType: 'table' },
      schedule: weekly,
    })
    const fetchMock = mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports: [report] }),
      'POST /api/reports/run': answerRun,
      'PUT /api/reports/5': (init) => jsonResponse({ ...report, ...(JSON.parse(String(init?.body)) as ReportInput) }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    const item = await screen.findByRole('listitem', { name: 'Buyer payouts' })
    expect(item).toHaveTextContent('Weekly on Friday at 07:00')
    await user.click(within(item).getByRole('button', { name: 'Open Buyer payouts' }))

    expect(await screen.findByRole('heading', { name: 'Editing “Buyer payouts”' })).toBeInTheDocument()
    const form = screen.getByRole('form', { name: 'Report builder' })
    expect(within(form).getByRole('combobox', { name: 'Group by' })).toHaveTextContent('Buyer')
    expect(within(form).getByRole('combobox', { name: 'Then by' })).toHaveTextContent('Day')
    expect(within(form).getByRole('combobox', { name: 'Period' })).toHaveTextContent('Last month')
    expect(within(form).getByRole('checkbox', { name: 'Payout' })).toBeChecked()
    expect(within(form).getByRole('checkbox', { name: 'Revenue' })).not.toBeChecked()
    const result = await screen.findByRole('region', { name: 'Report result' })
    expect(bodyOf(fetchMock, 'POST /api/reports/run')).toEqual(report.spec)
    // A table-only report draws no chart.
    expect(within(result).queryByRole('img')).not.toBeInTheDocument()
    expect(within(result).getByRole('table', { name: 'Buyer payouts' })).toBeInTheDocument()

    await user.click(within(form).getByRole('checkbox', { name: 'Revenue' }))
    await user.click(within(form).getByRole('button', { name: 'Save…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Save “Buyer payouts”' })
    expect(within(dialog).getByRole('textbox', { name: 'Report name' })).toHaveValue('Buyer payouts')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(bodyOf(fetchMock, 'PUT /api/reports/5')).toEqual({
      name: 'Buyer payouts',
      spec: { ...report.spec, metrics: ['payout', 'calls', 'revenue'] },
      schedule: weekly,
    })
  })

  it('opens a saved report grouped by a URL parameter with its parameter and filter selected', async () => {
    const report = savedReport({
      id: 8,
      name: 'By affiliate',
      spec: emptySpec({ dimensions: ['campaign', 'parameter'], parameter: 'AFFILIATE', filters: { ...emptySpec().filters, param: 'sub_id:42' } }),
    })
    const fetchMock = mockFetch({ ...lists, 'GET /api/reports': () => jsonResponse({ reports: [report] }), 'POST /api/reports/run': answerRun })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    await user.click(await screen.findByRole('button', { name: 'Open By affiliate' }))

    const form = await screen.findByRole('form', { name: 'Report builder' })
    expect(await screen.findByRole('heading', { name: 'Editing “By affiliate”' })).toBeInTheDocument()
    expect(within(form).getByRole('combobox', { name: 'Then by' })).toHaveTextContent('URL parameter')
    // Named in another case, the tracked parameter is selected.
    await waitFor(() => expect(within(form).getAllByRole('combobox', { name: 'URL parameter' })[0]).toHaveTextContent('Affiliate (affiliate)'))
    const filter = within(form).getByRole('group', { name: 'URL parameter filter' })
    expect(within(filter).getByRole('combobox', { name: 'URL parameter' })).toHaveTextContent('sub_id')
    expect(within(filter).getByRole('textbox', { name: 'Value' })).toHaveValue('42')
    await screen.findByRole('region', { name: 'Report result' })

    await user.click(within(form).getByRole('button', { name: 'Run report' }))
    await waitFor(() => expect(bodyOf(fetchMock, 'POST /api/reports/run', 1)).toMatchObject({ dimensions: ['campaign', 'parameter'], parameter: 'affiliate', filters: { param: 'sub_id:42' } }))
  })

  it('deletes a saved report after confirmation', async () => {
    let reports = [savedReport({ id: 5, name: 'Old report' }), savedReport({ id: 6, name: 'Keeper' })]
    const fetchMock = mockFetch({
      ...lists,
      'GET /api/reports': () => jsonResponse({ reports }),
      'DELETE /api/reports/5': () => {
        reports = reports.filter((r) => r.id !== 5)
        return new Response(null, { status: 204 })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<ReportsTab />)
    await user.click(await screen.findByRole('button', { name: 'Delete Old report' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete “Old report”?' })
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Delete Old report' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete report' }))
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Old report' })).not.toBeInTheDocument())
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/reports/5'])
    expect(screen.getByRole('listitem', { name: 'Keeper' })).toBeInTheDocument()
  })
})
