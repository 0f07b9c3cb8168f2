import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createBrowserRouter, RouterProvider } from 'react-router'
import '@fontsource-variable/inter'
import { AppRoutes } from './App'
import { createQueryClient } from './lib/queryClient'
import { startThemeSync } from './lib/theme'
import './index.css'

startThemeSync()
const queryClient = createQueryClient()
// A data router (so that forms can ask before the user leaves with unsaved input: useBlocker);
// the routes themselves are <AppRoutes>, under one catch-all route.
const router = createBrowserRouter([{ path: '*', element: <AppRoutes /> }])
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
)
