-- Private notes: messages of kind note, never sent to the platform.
-- AlterEnum
ALTER TYPE "MessageKind" ADD VALUE 'note';

