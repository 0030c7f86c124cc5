/** More NTSTATUS values (ntstatus.h). */
import type { NtStatusRow } from '../code-table';

export const NTSTATUS_CODES_MORE: readonly NtStatusRow[] = [];
