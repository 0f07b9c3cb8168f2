import { Route, Routes } from 'react-router'
import { AppLayout } from '@/components/layout/AppLayout'
import { navSections } from '@/components/layout/nav'
import { ComingSoonPage } from '@/pages/ComingSoonPage'
import { DashboardPage } from '@/pages/DashboardPage'
import { LoginPage } from '@/pages/LoginPage'
import { NotFoundPage } from '@/pages/NotFoundPage'

/** All routes. Everything but /login needs a session (AppLayout checks it). */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<DashboardPage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        {navSections
          .filter((section) => section.path !== '/')
          .map((section) => (
            <Route key={section.path} path={section.path} element={<ComingSoonPage section={section} />} />
          ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
