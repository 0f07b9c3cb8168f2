import { Info } from 'lucide-react'
import { useSearchParams } from 'react-router'
import { PageHeader } from '@/components/layout/PageHeader'
import { RtbAnalyticsTab } from '@/components/rtb/RtbAnalyticsTab'
import { RtbAuctionsTab } from '@/components/rtb/RtbAuctionsTab'
import { RtbTargetsList } from '@/components/rtb/RtbTargetsList'
import { Alert } from '@/components/ui/alert'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'

const TABS = ['targets', 'auctions', 'analytics'] as const
type Tab = (typeof TABS)[number]

/**
 * RTB targets, auctions and analytics. The tab is kept in `?tab=` (with the analytics
 * period beside it) so a reload or a shared link opens the same view.
 */
export function RtbManagementPage() {
  const [searchParams, setSearchParams] = useSearchParams()
  const requested = searchParams.get('tab')
  const tab: Tab = (TABS as readonly string[]).includes(requested ?? '') ? (requested as Tab) : 'targets'
  // Each tab keeps its own state in the query, so another tab starts from its defaults.
  const select = (next: string) => setSearchParams(next === 'targets' ? {} : { tab: next })
  return (
    <>
      <PageHeader title="RTB Management" description="Bidder endpoints, the auctions run for your calls, and how each bidder performs." />
      <Alert className="mb-4">
        <Info aria-hidden="true" />
        <span>
          Every call to an active RTB campaign is auctioned among its assigned targets; the best valid bid gets the call. Use
          “Test bidding” on a target to check its endpoint; the Auctions and Analytics tabs show only real auctions.
        </span>
      </Alert>
      <Tabs value={tab} onValueChange={select}>
        <TabsList aria-label="RTB management">
          <TabsTrigger value="targets">Targets</TabsTrigger>
          <TabsTrigger value="auctions">Auctions</TabsTrigger>
          <TabsTrigger value="analytics">Analytics</TabsTrigger>
        </TabsList>
        <TabsContent value="targets" className="mt-4">
          <RtbTargetsList />
        </TabsContent>
        <TabsContent value="auctions" className="mt-4">
          <RtbAuctionsTab />
        </TabsContent>
        <TabsContent value="analytics" className="mt-4">
          <RtbAnalyticsTab />
        </TabsContent>
      </Tabs>
    </>
  )
}
