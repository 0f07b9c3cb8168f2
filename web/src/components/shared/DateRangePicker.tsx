import { useEffect, useId, useState } from 'react'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Switch } from '@/components/ui/switch'
import {
  customRangeError,
  formatDayRange,
  isIsoDay,
  MAX_RANGE_DAYS,
  previousPeriod,
  RANGE_PRESET_LABELS,
  RANGE_PRESETS,
  resolveRange,
  type RangePreset,
  type RangeState,
} from '@/lib/dateRange'
import { cn } from '@/lib/utils'
import { OptionSelect, type Option } from './OptionSelect'

type Choice = RangePreset | 'custom'

const OPTIONS: readonly Option<Choice>[] = [
  ...RANGE_PRESETS.map((value) => ({ value, label: RANGE_PRESET_LABELS[value] })),
  { value: 'custom', label: 'Custom range' },
]

interface DateRangePickerProps {
  value: RangeState
  onChange: (next: RangeState) => void
  /** Today in the user's time zone (`YYYY-MM-DD`): presets are read from it. */
  today: string
  /** Names the whole control for assistive technology (default "Date range"). */
  label?: string
  className?: string
  /** Offer the compare switch (default true). */
  comparable?: boolean
  /** The longest custom range accepted, in days (default 366). */
  maxDays?: number
}

/**
 * A period of days: a preset (Today … Last month) or custom first and last days (at most
 * 366, the last not before the first, else an inline error and no change), and a switch
 * that compares it with the previous period of the same length. Controlled: keep its state
 * with `useDateRangeParams` so a link reproduces the view.
 */
export function DateRangePicker({
  value,
  onChange,
  today,
  label = 'Date range',
  className,
  comparable = true,
  maxDays = MAX_RANGE_DAYS,
}: DateRangePickerProps) {
  const id = useId()
  const { selection, compare } = value
  const days = resolveRange(selection, today)
  const previous = previousPeriod(days)

  // The custom days being typed: they reach `onChange` only once they make a valid range.
  const [draft, setDraft] = useState(days)
  const [edited, setEdited] = useState(false)
  useEffect(() => {
    setDraft({ from: days.from, to: days.to })
    setEdited(false)
  }, [days.from, days.to])
  const error = selection.range === 'custom' && edited ? customRangeError(draft.from, draft.to, maxDays) : undefined

  const choose = (choice: Choice) => {
    const next = choice === 'custom' ? { range: 'custom' as const, ...days } : { range: choice }
    onChange({ selection: next, compare })
  }

  const edit = (field: 'from' | 'to', day: string) => {
    const next = { ...draft, [field]: day }
    setDraft(next)
    setEdited(true)
    if (customRangeError(next.from, next.to, maxDays) === undefined) onChange({ selection: { range: 'custom', ...next }, compare })
  }

  return (
    <div role="group" aria-label={label} className={cn('flex min-w-0 flex-col gap-2', className)}>
      <div className="flex min-w-0 flex-wrap items-end gap-x-4 gap-y-3">
        <div className="flex min-w-0 flex-col gap-1.5 max-sm:w-full">
          <Label htmlFor={`${id}-period`} className="text-xs text-muted-foreground">
            Period
          </Label>
          <OptionSelect id={`${id}-period`} className="sm:w-40" value={selection.range} onValueChange={choose} options={OPTIONS} />
        </div>
        {selection.range === 'custom' && (
          <div className="grid min-w-0 grid-cols-2 gap-2 max-sm:w-full">
            <div className="flex min-w-0 flex-col gap-1.5">
              <Label htmlFor={`${id}-from`} className="text-xs text-muted-foreground">
                From
              </Label>
              <Input
                id={`${id}-from`}
                type="date"
                className="min-w-0 sm:w-40"
                value={draft.from}
                max={isIsoDay(draft.to) ? draft.to : undefined}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onChange={(e) => edit('from', e.target.value)}
              />
            </div>
            <div className="flex min-w-0 flex-col gap-1.5">
              <Label htmlFor={`${id}-to`} className="text-xs text-muted-foreground">
                To
              </Label>
              <Input
                id={`${id}-to`}
                type="date"
                className="min-w-0 sm:w-40"
                value={draft.to}
                min={isIsoDay(draft.from) ? draft.from : undefined}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onChange={(e) => edit('to', e.target.value)}
              />
            </div>
          </div>
        )}
        {comparable && (
        <div className="flex h-9 items-center gap-2">
          <Switch id={`${id}-compare`} checked={compare} onCheckedChange={(checked) => onChange({ selection, compare: checked })} />
          <Label htmlFor={`${id}-compare`} className="text-sm font-normal">
            Compare to previous period
          </Label>
        </div>
        )}
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : (
        <p className="text-xs text-muted-foreground" aria-live="polite">
          <span>{formatDayRange(days)}</span>
          {comparable && compare && <span> · compared with {formatDayRange(previous)}</span>}
          {selection.range === 'custom' && <span className="sr-only"> (at most {maxDays} days)</span>}
        </p>
      )}
    </div>
  )
}
