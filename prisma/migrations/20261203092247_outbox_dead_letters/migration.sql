-- AlterTable
ALTER TABLE "TupleOutbox" ADD COLUMN     "deadLetteredAt" TIMESTAMP(3),
ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0;
