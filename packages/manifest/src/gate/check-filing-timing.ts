/**
 * Was the filing on time for its mode? Not a gate error (a late filing is still registered and
 * screened); lateness is a risk indicator. Deadlines follow domain.md 1.2 (SAFE FoS and EU ENS):
 *  - sea, containerised: 24 h before loading (loading time, else departure);
 *  - sea, bulk/break-bulk: 4 h before arrival;
 *  - air and postal: before loading (loading time, else departure);
 *  - rail: 2 h before arrival; road: 1 h before arrival; inland waterway: 2 h before arrival.
 */
import type { Filing } from '@safe-screen/domain';

export interface FilingTiming {
  /** ISO date-time the filing was due by; absent when the filing lacks the times the deadline needs. */
  deadline?: string;
  late: boolean;
  /** Hours between receipt and loading (departure when no loading time); negative when received after. */
  hoursBeforeLoading?: number;
}

const HOUR = 3_600_000;

type Anchor = 'loading' | 'arrival';

function deadlineRule(filing: Filing): { anchor: Anchor; hours: number } | undefined {
  switch (filing.conveyance.mode) {
    case 'sea': {
      const containerised = filing.consignments.some((c) => c.containerised === true || c.equipment.length > 0);
      return containerised ? { anchor: 'loading', hours: 24 } : { anchor: 'arrival', hours: 4 };
    }
    case 'air':
    case 'postal':
      return { anchor: 'loading', hours: 0 };
    case 'rail':
      return { anchor: 'arrival', hours: 2 };
    case 'road':
      return { anchor: 'arrival', hours: 1 };
    case 'inland_waterway':
      return { anchor: 'arrival', hours: 2 };
    case 'other':
      return undefined;
  }
}

const parseTime = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : millis;
};

export function checkFilingTiming(filing: Filing, receivedAt: Date | string): FilingTiming {
  const received = typeof receivedAt === 'string' ? Date.parse(receivedAt) : receivedAt.getTime();
  const { expectedLoadingAt, expectedDepartureAt, expectedArrivalAt } = filing.conveyance;
  const loading = parseTime(expectedLoadingAt) ?? parseTime(expectedDepartureAt);
  const arrival = parseTime(expectedArrivalAt);
  const timing: FilingTiming = { late: false };
  if (loading !== undefined && !Number.isNaN(received)) timing.hoursBeforeLoading = Math.round(((loading - received) / HOUR) * 100) / 100;
  const rule = deadlineRule(filing);
  const anchor = rule === undefined ? undefined : rule.anchor === 'loading' ? loading : arrival;
  if (rule === undefined || anchor === undefined || Number.isNaN(received)) return timing;
  const deadline = anchor - rule.hours * HOUR;
  return { ...timing, deadline: new Date(deadline).toISOString(), late: received > deadline };
}
