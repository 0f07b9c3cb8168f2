import { Toaster as Sonner, type ToasterProps } from 'sonner'

/** Toast outlet; call `toast.success(...)` / `toast.error(...)` from 'sonner' anywhere. */
export function Toaster(props: ToasterProps) {
  return (
    <Sonner
      position="bottom-right"
      richColors
      closeButton
      toastOptions={{ classNames: { toast: 'font-sans text-sm' } }}
      {...props}
    />
  )
}
