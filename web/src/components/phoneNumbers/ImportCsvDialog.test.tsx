import { fireEvent, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { bodyOf, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { ImportCsvDialog } from './ImportCsvDialog'

const CSV = 'number,friendly_name\n(212) 555-0100,NYC\nnot-a-number,Bad\n(212) 555-0100,Again\n'
const rows = [
  { line: 2, phoneNumber: '+12125550100', status: 'ok', reason: null },
  { line: 3, phoneNumber: 'not-a-number', status: 'error', reason: 'not a phone number' },
  { line: 4, phoneNumber: '+12125550100', status: 'duplicate', reason: 'already in this file (line 2)' },
]

describe('CSV import dialog', () => {
  it('checks first, shows the report with the bad rows, and offers to import the valid ones only', async () => {
    const fetchMock = mockFetch({
      'POST /api/phone-numbers/import': (init) => {
        const body = JSON.parse(String(init?.body)) as { dryRun?: boolean; importValidRows?: boolean }
        if (body.importValidRows) return jsonResponse({ imported: 1, skipped: 2, rows })
        // Any bad row and importValidRows false: 422 with the report in details.rows.
        return errorResponse(422, 'VALIDATION_ERROR', '2 rows are invalid', { field: 'csv', reason: '2 rows are invalid', rows })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<ImportCsvDialog open onOpenChange={() => {}} />)

    fireEvent.change(screen.getByLabelText('…or paste the CSV'), { target: { value: CSV } })
    await user.click(screen.getByRole('button', { name: /Check file/ }))

    const report = await screen.findByRole('table', { name: 'Import report' })
    const bodyRows = within(report).getAllByRole('row').slice(1)
    expect(bodyRows).toHaveLength(3)
    expect(bodyRows[1]).toHaveTextContent('3')
    expect(bodyRows[1]).toHaveTextContent('Error')
    expect(bodyRows[1]).toHaveTextContent('not a phone number')
    expect(bodyRows[2]).toHaveTextContent('Duplicate')
    expect(bodyRows[0]).toHaveTextContent('+1 212-555-0100')
    expect(screen.getByText(/3 rows checked/)).toHaveTextContent('3 rows checked: 1 valid, 1 row with errors, 1 duplicate.')
    expect(screen.getByRole('status')).toHaveTextContent('The 2 bad rows will be skipped: only the 1 valid row can be imported.')
    expect(bodyOf(fetchMock, 'POST /api/phone-numbers/import')).toEqual({ csv: CSV, dryRun: true, importValidRows: false })

    // An all-or-nothing "Import" would write nothing: it is not offered.
    expect(screen.queryByRole('button', { name: 'Import' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Import 1 valid row, skip 2' }))
    expect(await screen.findByText(/Imported 1 number; skipped 2 rows/)).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/phone-numbers/import', 1)).toEqual({ csv: CSV, dryRun: false, importValidRows: true })
  })

  it('says there is nothing to import when no row is valid', async () => {
    const bad = rows.slice(1)
    mockFetch({
      'POST /api/phone-numbers/import': () =>
        errorResponse(422, 'VALIDATION_ERROR', '2 rows are invalid', { field: 'csv', reason: '2 rows are invalid', rows: bad }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ImportCsvDialog open onOpenChange={() => {}} />)
    fireEvent.change(screen.getByLabelText('…or paste the CSV'), { target: { value: CSV } })
    await user.click(screen.getByRole('button', { name: /Check file/ }))
    expect(await screen.findByText(/2 rows checked/)).toHaveTextContent('2 rows checked: 0 valid, 1 row with errors, 1 duplicate.')
    expect(screen.getByRole('status')).toHaveTextContent('No row can be imported.')
    expect(screen.getByRole('button', { name: 'Nothing to import' })).toBeDisabled()
  })

  it('offers a single Import when every row is valid, and reads a chosen file', async () => {
    const good = [{ line: 2, phoneNumber: '+12125550100', status: 'ok', reason: null }]
    const fetchMock = mockFetch({
      'POST /api/phone-numbers/import': (init) => {
        const body = JSON.parse(String(init?.body)) as { dryRun?: boolean }
        return jsonResponse({ imported: body.dryRun ? 0 : 1, skipped: 0, rows: good })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<ImportCsvDialog open onOpenChange={() => {}} />)
    const file = new File(['number\n(212) 555-0100\n'], 'numbers.csv', { type: 'text/csv' })
    await user.upload(screen.getByLabelText('CSV file'), file)
    expect(await screen.findByDisplayValue(/212\) 555-0100/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /Check file/ }))
    expect(await screen.findByRole('table', { name: 'Import report' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /valid rows/ })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Import 1 number' }))
    expect(await screen.findByText(/Imported 1 number\./)).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/phone-numbers/import', 1)).toEqual({ csv: 'number\n(212) 555-0100\n', dryRun: false, importValidRows: false })
  })
})
