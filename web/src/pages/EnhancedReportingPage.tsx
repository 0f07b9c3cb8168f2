import { useSearchParams } from 'react-router'
import { CallsTab } from '@/components/calls/CallsTab'
import { LiveIndicator } from '@/components/dashboard/LiveIndicator'
import { PageHeader } from '@/components/layout/PageHeader'
import { ReportsTab } from '@/components/reports/ReportsTab'
import { TrendsTab } from '@/components/reports/TrendsTab'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { useLiveCallEvents } from '@/hooks/useLiveCallEvents'

const TABS = ['calls', 'trends', 'reports'] as const
type Tab = (typeof TABS)[number]

/**
 * Enhanced Reporting: the call explorer (Calls), trend charts (Trends) and the report
 * builder with saved and scheduled reports (Reports). The tab is kept in `?tab=` so a
 * reload or a shared link opens the same one (with the tab's filters or period).
 */
export function EnhancedReportingPage() {
  const [searchParams, setSearchParams] = useSearchParams()
  const requested = searchParams.get('tab')
  const tab: Tab = (TABS as readonly string[]).includes(requested ?? '') ? (requested as Tab) : 'calls'
  const live = useLiveCallEvents()

  // Each tab keeps its own state in the query (the calls' filters, the trends' period; both
  // use `from`/`to`), so another tab starts from its defaults.
  const select = (next: string) => setSearchParams(next === 'calls' ? {} : { tab: next })

  return (
    <>
      <PageHeader
        title="Enhanced Reporting"
        description="Every call with its caller, route, status and money; trends over time; reports you build, save and schedule."
        actions={<LiveIndicator status={live} />}
      />
      <Tabs value={tab} onValueChange={select}>
        <TabsList aria-label="Reporting views">
          <TabsTrigger value="calls">Calls</TabsTrigger>
          <TabsTrigger value="trends">Trends</TabsTrigger>
          <TabsTrigger value="reports">Reports</TabsTrigger>
        </TabsList>
        <TabsContent value="calls">
          <CallsTab />
        </TabsContent>
        <TabsContent value="trends">
          <TrendsTab />
        </TabsContent>
        <TabsContent value="reports">
          <ReportsTab />
        </TabsContent>
      </Tabs>
    </>
  )
}
