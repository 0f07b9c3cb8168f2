import { CircleAlert, FileUp, ListPlus, LoaderCircle, MousePointerClick } from 'lucide-react'
import { useId, useState } from 'react'
import { toast } from 'sonner'
import { useAddPoolNumbers } from '@/api/pools'
import type { PoolNumbersInput } from '@/api/types'
import { readFileText } from '@/components/phoneNumbers/importReport'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Label } from '@/components/ui/label'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { Textarea } from '@/components/ui/textarea'
import { pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { parseNumberLines } from './numberLines'
import { PickNumbersTab } from './PickNumbersTab'

type Mode = 'pick' | 'manual' | 'csv'


export function AddPoolNumbersForm({ poolId, onDone }: { poolId: number; onDone: () => void }) {
  const manualId = useId()
  const csvId = useId()
  const fileId = useId()
  const add = useAddPoolNumbers(poolId)
  const [mode, setMode] = useState<Mode>('pick')
  const [picked, setPicked] = useState<number[]>([])
  const [manual, setManual] = useState('')
  const [csv, setCsv] = useState('')
  const [failure, setFailure] = useState<string>()

  const lines = parseNumberLines(manual)
  const input: PoolNumbersInput | undefined =
    mode === 'pick' ? (picked.length ? { phoneNumberIds: picked } : undefined)
    : mode === 'manual' ? (lines.length ? { phoneNumbers: lines } : undefined)
    : csv.trim() ? { csv } : undefined
  const count = mode === 'pick' ? picked.length : mode === 'manual' ? lines.length : undefined

  async function submit() {
    if (!input) return
    setFailure(undefined)
    try {
      const result = await add.mutateAsync(input)
      toast.success(`Added ${pluralize(result.added, 'number')} to the pool`)
      onDone()
    } catch (error) {
      // 409: all or nothing; the server names the first number another pool holds.
      setFailure(serverErrorMessage(error))
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {failure && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <div>
            <p className="font-medium">No number was added.</p>
            <p>{failure}</p>
          </div>
        </Alert>
      )}
      <Tabs value={mode} onValueChange={(v) => { setMode(v as Mode); setFailure(undefined) }}>
        <TabsList className="w-full justify-start overflow-x-auto">
          <TabsTrigger value="pick"><MousePointerClick aria-hidden="true" />Pick numbers</TabsTrigger>
          <TabsTrigger value="manual"><ListPlus aria-hidden="true" />Enter numbers</TabsTrigger>
          <TabsTrigger value="csv"><FileUp aria-hidden="true" />CSV</TabsTrigger>
        </TabsList>
        <TabsContent value="pick">
          <PickNumbersTab poolId={poolId} selected={picked} onChange={setPicked} />
        </TabsContent>
        <TabsContent value="manual" className="flex flex-col gap-2">
          <Label htmlFor={manualId}>Numbers, one per line</Label>
          <Textarea id={manualId} rows={7} value={manual} onChange={(e) => setManual(e.target.value)} placeholder={'(212) 555-0100\n+1 646 555 0101'} className="font-mono text-sm" aria-describedby={`${manualId}-hint`} />
          <p id={`${manualId}-hint`} className="text-xs text-muted-foreground">
            Any common format. Numbers not registered yet are created.
          </p>
        </TabsContent>
        <TabsContent value="csv" className="flex flex-col gap-3">
          <div className="flex flex-col gap-2">
            <Label htmlFor={fileId}>CSV file</Label>
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={async (e) => {
                const file = e.target.files?.[0]
                if (file) setCsv(await readFileText(file))
              }}
              className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-background file:px-3 file:py-1.5 file:text-sm file:font-medium"
            />
          </div>
          <Label htmlFor={csvId}>…or paste the CSV</Label>
          <Textarea id={csvId} rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={'number,friendly_name\n(212) 555-0100,NYC'} className="font-mono text-xs" />
        </TabsContent>
      </Tabs>
      <div className="flex justify-end gap-2">
        <Button variant="outline" onClick={onDone} disabled={add.isPending}>
          Cancel
        </Button>
        <Button onClick={() => void submit()} disabled={!input || add.isPending}>
          {add.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {!count ? 'Add numbers' : `Add ${pluralize(count, 'number')}`}
        </Button>
      </div>
    </div>
  )
}
