import { CopyButton } from '@/components/shared/CopyButton'
import { Card } from '@/components/ui/card'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'

const NODE = `// npm install standardwebhooks
import express from 'express'
import { Webhook } from 'standardwebhooks'

const app = express()
const wh = new Webhook(process.env.WEBHOOK_SECRET) // whsec_…

// The raw body: a parsed and re-serialised JSON body no longer matches the signature.
app.post('/hooks/callcenter', express.raw({ type: 'application/json' }), (req, res) => {
  try {
    const event = wh.verify(req.body.toString('utf8'), req.headers)
    // event.event ('call.completed', …), event.eventId, event.call …
    res.sendStatus(204)
  } catch {
    res.sendStatus(400)
  }
})`

const PYTHON = `# pip install standardwebhooks
import os
from flask import Flask, request
from standardwebhooks.webhooks import Webhook

app = Flask(__name__)
wh = Webhook(os.environ["WEBHOOK_SECRET"])  # whsec_…

@app.post("/hooks/callcenter")
def callcenter():
    try:
        # The raw body (request.get_data()), never a re-serialised request.json.
        event = wh.verify(request.get_data(), dict(request.headers))
    except Exception:
        return "", 400
    # event["event"] ("call.completed", …), event["eventId"], event["call"] …
    return "", 204`

function Sample({ label, code }: { label: string; code: string }) {
  return (
    <div className="relative">
      <div className="absolute top-2 right-2">
        <CopyButton value={code} label={`Copy the ${label} sample`} />
      </div>
      <pre aria-label={`${label} sample`} className="max-h-96 overflow-auto rounded-md border border-border bg-muted p-3 pr-10 font-mono text-xs">
        {code}
      </pre>
    </div>
  )
}

/** How a receiver checks the Standard Webhooks signature of each message. */
export function VerifyGuide() {
  return (
    <Card className="flex min-w-0 flex-col gap-3 p-4 sm:p-5">
      <h2 className="text-lg font-semibold">Verify signatures</h2>
      <div className="flex flex-col gap-2 text-sm text-muted-foreground">
        <p>
          Every request carries the headers <code className="text-foreground">webhook-id</code>, <code className="text-foreground">webhook-timestamp</code> and{' '}
          <code className="text-foreground">webhook-signature</code> (<code className="text-foreground">v1,&lt;base64&gt;</code>), as{' '}
          <a className="text-primary underline-offset-2 hover:underline" href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
            Standard Webhooks
          </a>{' '}
          defines them. Check them with the endpoint's secret before trusting a message, and verify the <strong className="text-foreground">raw body</strong> exactly as
          received: parsing and re-serialising the JSON changes it.
        </p>
        <p>
          Answer with a 2xx status quickly. Another status or no answer is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; the same{' '}
          <code className="text-foreground">webhook-id</code> comes on each attempt, so use it to ignore duplicates. A 410 answer disables the endpoint, and so do
          five days of failures.
        </p>
      </div>
      <Tabs defaultValue="node">
        <TabsList aria-label="Language">
          <TabsTrigger value="node">Node.js</TabsTrigger>
          <TabsTrigger value="python">Python</TabsTrigger>
        </TabsList>
        <TabsContent value="node">
          <Sample label="Node.js" code={NODE} />
        </TabsContent>
        <TabsContent value="python">
          <Sample label="Python" code={PYTHON} />
        </TabsContent>
      </Tabs>
    </Card>
  )
}
