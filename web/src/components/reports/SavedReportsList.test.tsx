import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Report, ReportInput, ReportSchedule } from '@/api/reports'
import { signedInUser } from '@/test/fixtures'
import { delivery, savedReport } from '@/test/reportFixtures'
import { bodyOf, calledRoutes, cellTexts, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { SavedReportsList } from './SavedReportsList'

type User = ReturnType<typeof userEvent.setup>

function setup(report: Report, routes: Parameters<typeof mockFetch>[0] = {}) {
  let current = report
  const fetchMock = mockFetch({
    'GET /api/auth/user': () => jsonResponse(signedInUser),
    'GET /api/reports': () => jsonResponse({ reports: [current] }),
    'GET /api/reports/5/deliveries': () => jsonResponse({ deliveries: [] }),
    'PUT /api/reports/5': (init) => {
      const input = JSON.parse(String(init?.body)) as ReportInput
      const schedule = input.schedule as ReportSchedule
      current = { ...current, name: input.name, schedule, nextRunAt: schedule.frequency === 'none' ? null : '2026-11-27T07:00:00Z' }
      return jsonResponse(current)
    },
    ...routes,
  })
  renderWithProviders(<SavedReportsList onOpen={() => {}} onDeleted={() => {}} timeZone="UTC" />)
  return fetchMock
}

async function openSchedule(user: User, name = 'Campaign revenue') {
  await user.click(await screen.findByRole('button', { name: `Schedule ${name}` }))
  return screen.findByRole('dialog', { name: `Schedule “${name}”` })
}

async function choose(user: User, dialog: HTMLElement, combobox: string, option: string) {
  await user.click(within(dialog).getByRole('combobox', { name: combobox }))
  await user.click(await screen.findByRole('option', { name: option }))
}

describe('scheduling a saved report', () => {
  it('saves a weekly schedule with the listed recipients (duplicates dropped) and shows the next run', async () => {
    const fetchMock = setup(savedReport())
    const user = userEvent.setup()
    const dialog = await openSchedule(user)

    expect(within(dialog).queryByRole('combobox', { name: 'Weekday' })).not.toBeInTheDocument()
    await choose(user, dialog, 'Frequency', 'Weekly')
    await choose(user, dialog, 'Weekday', 'Friday')
    await choose(user, dialog, 'Hour', '07:00')
    await user.type(within(dialog).getByRole('textbox', { name: /Recipients/ }), 'ops@example.com, finance@example.com{Enter}OPS@example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Save schedule' }))

    await waitFor(() => expect(calledRoutes(fetchMock)).toEqual(['PUT /api/reports/5']))
    const report = savedReport()
    expect(bodyOf(fetchMock, 'PUT /api/reports/5')).toEqual({
      name: report.name,
      spec: report.spec,
      schedule: { frequency: 'weekly', weekday: 5, hour: 7, recipients: ['ops@example.com', 'finance@example.com'] },
    })
    expect(await within(dialog).findByText('Next delivery: Nov 27, 2026, 7:00 AM')).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(screen.getByRole('listitem', { name: 'Campaign revenue' })).toHaveTextContent('Weekly on Friday at 07:00')
  })

  it('checks the addresses before saving', async () => {
    const fetchMock = setup(savedReport())
    const user = userEvent.setup()
    const dialog = await openSchedule(user)
    await choose(user, dialog, 'Frequency', 'Daily')
    await user.click(within(dialog).getByRole('button', { name: 'Save schedule' }))
    expect(await within(dialog).findByText('Add at least one recipient to schedule the report')).toBeInTheDocument()

    const recipients = within(dialog).getByRole('textbox', { name: /Recipients/ })
    await user.type(recipients, 'ops@example.com\nnot-an-address')
    await user.click(within(dialog).getByRole('button', { name: 'Save schedule' }))
    expect(await within(dialog).findByText('Not an e-mail address: not-an-address')).toBeInTheDocument()
    expect(recipients).toHaveAttribute('aria-invalid', 'true')

    await user.clear(recipients)
    await user.click(recipients)
    await user.paste(Array.from({ length: 21 }, (_, i) => `r${i}@example.com`).join(','))
    await user.click(within(dialog).getByRole('button', { name: 'Save schedule' }))
    expect(await within(dialog).findByText('At most 20 recipients')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])
  })

  it('shows the server’s 422 on the recipients field', async () => {
    setup(savedReport(), {
      'PUT /api/reports/5': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid schedule', { field: 'schedule.recipients[0]', reason: 'the domain does not accept mail' }),
    })
    const user = userEvent.setup()
    const dialog = await openSchedule(user)
    await choose(user, dialog, 'Frequency', 'Daily')
    await user.type(within(dialog).getByRole('textbox', { name: /Recipients/ }), 'ops@nowhere.example')
    await user.click(within(dialog).getByRole('button', { name: 'Save schedule' }))
    expect(await within(dialog).findByText('the domain does not accept mail')).toBeInTheDocument()
    expect(within(dialog).getByRole('textbox', { name: /Recipients/ })).toHaveAttribute('aria-invalid', 'true')
  })

  it('sends now and lists the deliveries with their status, attempts and last error', async () => {
    let deliveries = [
      delivery({ id: 2, status: 'failed', attempts: 5, lastError: '550 mailbox unavailable', sentAt: null, scheduledFor: '2026-11-24T08:00:00Z' }),
      delivery({ id: 1, status: 'sent', attempts: 1, sentAt: '2026-11-23T08:00:04Z', scheduledFor: '2026-11-23T08:00:00Z' }),
    ]
    const scheduled = savedReport({
      schedule: { frequency: 'daily', weekday: 1, hour: 8, recipients: ['ops@example.com'] },
      lastDelivery: deliveries[0]!,
    })
    const fetchMock = setup(scheduled, {
      'GET /api/reports/5/deliveries': () => jsonResponse({ deliveries }),
      'POST /api/reports/5/send': () => {
        const queued = delivery({ id: 3, status: 'pending', attempts: 0, sentAt: null, scheduledFor: '2026-11-25T12:00:00Z' })
        deliveries = [queued, ...deliveries]
        return jsonResponse(queued, 202)
      },
    })
    const user = userEvent.setup()
    expect(await screen.findByRole('listitem', { name: 'Campaign revenue' })).toHaveTextContent('Failed')
    const dialog = await openSchedule(user)

    const history = await within(dialog).findByRole('table', { name: 'Delivery history' })
    expect(within(history).getAllByRole('row').map(cellTexts)).toEqual([
      ['Scheduled for', 'Status', 'Attempts', 'Sent', 'Recipients'],
      ['Nov 24, 2026, 8:00 AM', 'Failed550 mailbox unavailable', '5', '—', 'ops@example.com'],
      ['Nov 23, 2026, 8:00 AM', 'Sent', '1', 'Nov 23, 2026, 8:00 AM', 'ops@example.com'],
    ])

    await user.click(within(dialog).getByRole('button', { name: 'Send now' }))
    await waitFor(() => expect(within(history).getAllByRole('row')).toHaveLength(4))
    expect(cellTexts(within(history).getAllByRole('row')[1]!)).toEqual(['Nov 25, 2026, 12:00 PM', 'Pending', '0', '—', 'ops@example.com'])
    expect(calledRoutes(fetchMock)).toEqual(['POST /api/reports/5/send'])
  })

  it('says why Send now failed, and holds it back while the schedule has unsaved changes', async () => {
    const fetchMock = setup(savedReport(), {
      'POST /api/reports/5/send': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid request', { field: 'recipients', reason: 'the report has no recipients' }),
    })
    const user = userEvent.setup()
    const dialog = await openSchedule(user)
    expect(await within(dialog).findByText('Not sent yet')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Send now' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('the report has no recipients')

    await user.type(within(dialog).getByRole('textbox', { name: /Recipients/ }), 'ops@example.com')
    expect(within(dialog).getByRole('button', { name: 'Send now' })).toBeDisabled()
    expect(calledRoutes(fetchMock)).toEqual(['POST /api/reports/5/send'])
  })

  it('says up front when e-mail is not configured, and holds Send now back', async () => {
    const fetchMock = setup(savedReport({ schedule: { frequency: 'daily', weekday: 1, hour: 8, recipients: ['ops@example.com'] } }), {
      'GET /api/reports/email-status': () => jsonResponse({ configured: false, from: null }),
    })
    const user = userEvent.setup()
    const dialog = await openSchedule(user)
    expect(await within(dialog).findByLabelText('E-mail status')).toHaveTextContent('E-mail is not configured on this server')
    expect(within(dialog).getByRole('button', { name: 'Send now' })).toBeDisabled()
    expect(calledRoutes(fetchMock)).toEqual([])
  })

  it('names the sender when e-mail is configured', async () => {
    setup(savedReport(), { 'GET /api/reports/email-status': () => jsonResponse({ configured: true, from: 'reports@example.com' }) })
    const user = userEvent.setup()
    const dialog = await openSchedule(user)
    expect(await within(dialog).findByLabelText('E-mail status')).toHaveTextContent('E-mails are sent from reports@example.com.')
  })

  it('links the saved report’s files', async () => {
    setup(savedReport({ id: 5 }))
    const item = await screen.findByRole('listitem', { name: 'Campaign revenue' })
    expect(within(item).getByRole('link', { name: 'Download Campaign revenue as CSV' })).toHaveAttribute('href', '/api/reports/5/export.csv')
    expect(within(item).getByRole('link', { name: 'Download Campaign revenue as Excel' })).toHaveAttribute('href', '/api/reports/5/export.xlsx')
    expect(within(item).getByRole('link', { name: 'Download Campaign revenue as PDF' })).toHaveAttribute('href', '/api/reports/5/export.pdf')
  })
})
