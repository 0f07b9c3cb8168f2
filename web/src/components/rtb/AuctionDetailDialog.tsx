import type { BidRequest } from '@/api/rtb'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { AuctionSummary } from './AuctionSummary'
import { BidderResultsTable } from './BidderResultsTable'

/** The spec's "Detailed Auction View": the auction's figures and every bidder's result. */
export function AuctionDetailDialog({ auction, onClose }: { auction: BidRequest | undefined; onClose: () => void }) {
  return (
    <Dialog open={auction !== undefined} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[92dvh] max-w-6xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Auction details</DialogTitle>
          <DialogDescription>Every bidder pinged for this call, and who won.</DialogDescription>
        </DialogHeader>
        {auction && (
          <div className="flex flex-col gap-6">
            <AuctionSummary auction={auction} />
            <BidderResultsTable requestId={auction.requestId} />
          </div>
        )}
      </DialogContent>
    </Dialog>
  )
}
