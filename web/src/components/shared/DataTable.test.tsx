import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import { DataTable, type Column } from './DataTable'
import { FilterBar } from './FilterBar'

interface Row {
  id: number
  name: string
  revenue: string
}

const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', sortKey: 'name', cell: (r) => r.name },
  { id: 'revenue', header: 'Revenue', sortKey: 'revenue', align: 'right', cell: (r) => r.revenue },
  { id: 'actions', header: <span className="sr-only">Actions</span>, cell: (r) => <button type="button">Edit {r.name}</button> },
]
const rows: Row[] = [
  { id: 1, name: 'Acme', revenue: '$10.00' },
  { id: 2, name: 'Beta', revenue: '$20.00' },
]

/** Pretends the window is a phone (< 640 px) or not. */
function stubPhone(phone: boolean) {
  vi.stubGlobal(
    'matchMedia',
    vi.fn((query: string) => ({ matches: phone && query.includes('max-width'), media: query, addEventListener: () => {}, removeEventListener: () => {} })),
  )
}

describe('DataTable', () => {
  it('keeps the first and the actions columns in view while a wide table scrolls', () => {
    stubPhone(false)
    render(<DataTable caption="Buyers" columns={columns} rows={rows} getRowKey={(r) => r.id} empty="None" cards />)
    const table = screen.getByRole('table', { name: 'Buyers' })
    const [head, first] = within(table).getAllByRole('row')
    expect(within(head!).getAllByRole('columnheader').map((th) => th.getAttribute('data-sticky'))).toEqual(['left', null, 'right'])
    expect(within(first!).getAllByRole('cell').map((td) => td.getAttribute('data-sticky'))).toEqual(['left', null, 'right'])
  })

  it('shows a card per row on a phone, with a sort choice instead of the headings', async () => {
    stubPhone(true)
    const onSort = vi.fn()
    render(
      <DataTable caption="Buyers" columns={columns} rows={rows} getRowKey={(r) => r.id} empty="None" cards sort="name" order="asc" onSort={onSort} />,
    )
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
    const cards = within(screen.getByRole('list', { name: 'Buyers' })).getAllByRole('listitem')
    expect(cards).toHaveLength(2)
    expect(cards[0]).toHaveTextContent('Acme')
    expect(within(cards[0]!).getByRole('button', { name: 'Edit Acme' })).toBeInTheDocument()
    expect(within(cards[0]!).getByText('Revenue').nextSibling).toHaveTextContent('$10.00')
    await userEvent.click(screen.getByRole('button', { name: 'Ascending: sort descending' }))
    expect(onSort).toHaveBeenCalledWith('name')
  })

  it('keeps the table on a phone for lists that do not ask for cards', () => {
    stubPhone(true)
    render(<DataTable caption="Bids" columns={columns} rows={rows} getRowKey={(r) => r.id} empty="None" />)
    expect(screen.getByRole('table', { name: 'Bids' })).toBeInTheDocument()
  })

  it('says when it could not load, with a Retry; and when a refresh failed, keeps the rows with a Retry', async () => {
    stubPhone(false)
    const onRetry = vi.fn()
    const offline = new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server. Check your connection and try again.')
    const { rerender } = render(
      <DataTable caption="Buyers" columns={columns} rows={undefined} getRowKey={(r) => r.id} empty="None" error={offline} onRetry={onRetry} />,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('The buyers could not be loaded.Cannot reach the server.')
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledTimes(1)

    rerender(<DataTable caption="Buyers" columns={columns} rows={rows} getRowKey={(r) => r.id} empty="None" error={offline} onRetry={onRetry} />)
    expect(screen.getByRole('table', { name: 'Buyers' })).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent('Refreshing failed')
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledTimes(2)
  })
})

describe('FilterBar', () => {
  it('shows the filters in a row on larger screens', () => {
    stubPhone(false)
    render(
      <FilterBar label="Filter buyers" hasFilters activeCount={1} onClear={() => {}}>
        <input aria-label="Search" />
      </FilterBar>,
    )
    expect(screen.getByRole('textbox', { name: 'Search' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Filters/ })).not.toBeInTheDocument()
  })

  it('folds the filters away on a phone, saying how many are set', async () => {
    stubPhone(true)
    const onClear = vi.fn()
    render(
      <FilterBar label="Filter buyers" hasFilters activeCount={2} onClear={onClear}>
        <input aria-label="Search" />
      </FilterBar>,
    )
    expect(screen.queryByRole('textbox', { name: 'Search' })).not.toBeInTheDocument()
    const toggle = screen.getByRole('button', { name: /^Filters/ })
    expect(toggle).toHaveTextContent('Filters2 set')
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await userEvent.click(toggle)
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByRole('textbox', { name: 'Search' })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(onClear).toHaveBeenCalled()
  })
})
