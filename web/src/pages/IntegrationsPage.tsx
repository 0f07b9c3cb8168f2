import { ConnectorsSection } from '@/components/integrations/ConnectorsSection'
import { PixelsSection } from '@/components/integrations/PixelsSection'
import { UrlParametersSection } from '@/components/integrations/UrlParametersSection'
import { WebhooksSection } from '@/components/integrations/WebhooksSection'
import { PageHeader } from '@/components/layout/PageHeader'

/** `/integrations`: outbound webhooks, tracking pixels, tracked URL parameters, and connectors to CRMs and ad platforms. */
export function IntegrationsPage() {
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Send what happens in CallCenter Pro to your other tools as it happens: calls, conversions, auctions and changes to your campaigns and buyers."
      />
      <div className="flex flex-col gap-8">
        <WebhooksSection />
        <PixelsSection />
        <UrlParametersSection />
        <ConnectorsSection />
      </div>
    </>
  )
}
