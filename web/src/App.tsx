import { lazy, Suspense, type ReactElement } from 'react'
import { Route, Routes } from 'react-router'
import { AppLayout } from '@/components/layout/AppLayout'
import { navSections } from '@/components/layout/nav'
import { PageLoading } from '@/components/shared/PageLoading'
import { BuyerDetailPage } from '@/pages/BuyerDetailPage'
import { BuyersPage } from '@/pages/BuyersPage'
import { CallFlowsPage } from '@/pages/CallFlowsPage'
import { CampaignDetailPage } from '@/pages/CampaignDetailPage'
import { CampaignsPage } from '@/pages/CampaignsPage'
import { CampaignWizardPage } from '@/pages/CampaignWizardPage'
import { ComingSoonPage } from '@/pages/ComingSoonPage'
import { ConnectorDetailPage } from '@/pages/ConnectorDetailPage'
import { DashboardPage } from '@/pages/DashboardPage'
import { DniNewTagPage } from '@/pages/DniNewTagPage'
import { DniPage } from '@/pages/DniPage'
import { DniTagPage } from '@/pages/DniTagPage'
import { EnhancedReportingPage } from '@/pages/EnhancedReportingPage'
import { IntegrationsPage } from '@/pages/IntegrationsPage'
import { InvitePage } from '@/pages/InvitePage'
import { LoginPage } from '@/pages/LoginPage'
import { NotFoundPage } from '@/pages/NotFoundPage'
import { PhoneNumbersPage } from '@/pages/PhoneNumbersPage'
import { PixelDetailPage } from '@/pages/PixelDetailPage'
import { PoolDetailPage } from '@/pages/PoolDetailPage'
import { PoolsPage } from '@/pages/PoolsPage'
import { RtbManagementPage } from '@/pages/RtbManagementPage'
import { SettingsPage } from '@/pages/SettingsPage'
import { WebhookDetailPage } from '@/pages/WebhookDetailPage'

/** The flow builder and its canvas library load only when a flow is opened. */
const CallFlowEditorPage = lazy(() => import('@/pages/CallFlowEditorPage').then((m) => ({ default: m.CallFlowEditorPage })))

/** The pages of the built sections; those marked `soon` in nav.ts show "Coming soon". */
const builtSections: Record<string, ReactElement> = {
  '/campaigns': <CampaignsPage />,
  '/buyers': <BuyersPage />,
  '/pools': <PoolsPage />,
  '/call-flows': <CallFlowsPage />,
  '/phone-numbers': <PhoneNumbersPage />,
  '/enhanced-reporting': <EnhancedReportingPage />,
  '/rtb-management': <RtbManagementPage />,
  '/dni': <DniPage />,
  '/integrations': <IntegrationsPage />,
  '/settings': <SettingsPage />,
}

/** All routes. Everything but /login and /invite/:token needs a session (AppLayout checks it). */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route element={<AppLayout />}>
        <Route index element={<DashboardPage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        {navSections
          .filter((section) => section.path !== '/')
          .map((section) => (
            <Route
              key={section.path}
              path={section.path}
              element={(!section.soon && builtSections[section.path]) || <ComingSoonPage section={section} />}
            />
          ))}
        <Route path="campaigns/new" element={<CampaignWizardPage />} />
        <Route path="campaigns/:id" element={<CampaignDetailPage />} />
        <Route path="campaigns/:id/edit" element={<CampaignWizardPage />} />
        <Route path="buyers/:id" element={<BuyerDetailPage />} />
        <Route path="pools/:id" element={<PoolDetailPage />} />
        <Route path="dni/new" element={<DniNewTagPage />} />
        <Route path="dni/:id" element={<DniTagPage />} />
        <Route path="integrations/webhooks/:id" element={<WebhookDetailPage />} />
        <Route path="integrations/pixels/:id" element={<PixelDetailPage />} />
        <Route path="integrations/connectors/:id" element={<ConnectorDetailPage />} />
        <Route path="settings/:section" element={<SettingsPage />} />
        <Route
          path="call-flows/:id"
          element={
            <Suspense fallback={<PageLoading label="Loading the call flow" />}>
              <CallFlowEditorPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
