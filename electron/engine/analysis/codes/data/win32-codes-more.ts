/** More Win32 error codes (winerror.h). */
import type { CodeRow } from '../code-table';

export const WIN32_CODES_MORE: readonly CodeRow[] = [];
