import { ChevronDown, LogOut } from 'lucide-react'
import { useNavigate } from 'react-router'
import { useLogout } from '@/api/auth'
import type { CurrentUser } from '@/api/types'
import { Button } from '@/components/ui/button'
import { roleLabel } from '@/lib/roles'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu'

export function UserMenu({ user }: { user: CurrentUser }) {
  const logout = useLogout()
  const navigate = useNavigate()
  const initial = user.username.slice(0, 1).toUpperCase()

  function signOut() {
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Account menu for ${user.username}`}>
          <span
            aria-hidden="true"
            className="grid size-6 place-items-center rounded-full bg-accent text-xs font-semibold text-accent-foreground"
          >
            {initial}
          </span>
          <span className="max-w-32 truncate">{user.username}</span>
          {user.role && (
            <span data-testid="user-role" className="hidden rounded-full border border-border px-1.5 text-[11px] leading-4 font-medium text-muted-foreground sm:inline">
              {roleLabel(user.role)}
            </span>
          )}
          <ChevronDown aria-hidden="true" className="text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>
          <span className="block">Signed in as</span>
          <span className="block truncate font-medium text-foreground">{user.email ?? user.username}</span>
          {user.role && <span className="mt-1 block">Role: {roleLabel(user.role)}</span>}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={signOut} disabled={logout.isPending}>
          <LogOut aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  )
}
