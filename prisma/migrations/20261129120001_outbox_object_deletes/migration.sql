-- AlterTable
ALTER TABLE "TupleOutbox" ALTER COLUMN "relation" DROP NOT NULL;
