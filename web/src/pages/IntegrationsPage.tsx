import { OtherIntegrations } from '@/components/integrations/OtherIntegrations'
import { PixelsSection } from '@/components/integrations/PixelsSection'
import { UrlParametersSection } from '@/components/integrations/UrlParametersSection'
import { WebhooksSection } from '@/components/integrations/WebhooksSection'
import { PageHeader } from '@/components/layout/PageHeader'

/** `/integrations`: outbound webhooks, tracking pixels, tracked URL parameters, and the other kinds of integration (not built yet). */
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
        <OtherIntegrations />
      </div>
    </>
  )
}
