import type { Blocker } from 'react-router'
import { ConfirmDialog } from './ConfirmDialog'

/** Asks whether to leave a form whose input is not saved (a navigation held by `useUnsavedChanges`). */
export function UnsavedChangesDialog({
  blocker,
  description = 'Your changes are not saved. If you leave this page now, they are lost.',
}: {
  blocker: Blocker
  description?: string
}) {
  return (
    <ConfirmDialog
      open={blocker.state === 'blocked'}
      onOpenChange={(open) => !open && blocker.state === 'blocked' && blocker.reset()}
      title="Leave without saving?"
      description={description}
      confirmLabel="Leave without saving"
      cancelLabel="Stay on this page"
      onConfirm={() => blocker.state === 'blocked' && blocker.proceed()}
    />
  )
}
