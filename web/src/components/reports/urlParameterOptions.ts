/** The account's tracked URL parameters as select options (the report's parameter dimension and filter). */
import type { UrlParameter } from '@/api/urlParameters'
import type { Option } from '@/components/shared/OptionSelect'

/** The tracked parameter named `name` (names are matched in any case, as the server does). */
export function findParameter(parameters: readonly UrlParameter[], name: string): UrlParameter | undefined {
  const lower = name.toLowerCase()
  return parameters.find((p) => p.parameterName.toLowerCase() === lower)
}

/**
 * An option per tracked parameter ("Affiliate (affiliate)", or just the name when that is its
 * display name), valued by its name. A `current` name that is no longer tracked (a saved
 * report's) is still offered, so that the select shows it.
 */
export function parameterOptions(parameters: readonly UrlParameter[], current: string): Option[] {
  return [
    ...parameters.map((p) => ({ value: p.parameterName, label: p.displayName === p.parameterName ? p.parameterName : `${p.displayName} (${p.parameterName})` })),
    ...(current !== '' && !findParameter(parameters, current) ? [{ value: current, label: current }] : []),
  ]
}
