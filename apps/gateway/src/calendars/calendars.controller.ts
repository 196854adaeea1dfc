import { Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { RequireRole } from '@app/infrastructure';
import { MarketCalendars, VENUE_IDS } from '@app/market-calendars';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import {
  CALENDARS_PATH,
  presentSessions,
  presentStatus,
  presentVenue,
  SESSIONS_SCHEMA,
  STATUS_SCHEMA,
  VENUE_SCHEMA,
} from './calendars.presenter';
import { SessionsQueryDto } from './dto/sessions-query.dto';
import { StatusQueryDto } from './dto/status-query.dto';

const VENUE_PARAM = {
  name: 'venue',
  enum: [...VENUE_IDS],
  example: 'XNYS',
  description: 'Calendar id (the MIC where the venue has one)',
};

/** Exchange calendars: service-wide reference data, the same for every tenant; reading needs viewer. */
@CallerController('calendars', CALENDARS_PATH.slice(1))
@RequireRole('viewer')
export class CalendarsController {
  constructor(private readonly calendars: MarketCalendars) {}

  @Get()
  @ApiOperation({
    operationId: 'listCalendars',
    summary: 'List the market calendars',
    description: "Each venue with its IANA time zone, regular hours, breaks, half-day close and its rules' sources.",
  })
  @ApiEnvelope(200, 'Every venue', VENUE_SCHEMA, { isArray: true })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  list() {
    return this.calendars.venues().map(presentVenue);
  }

  @Get(':venue/sessions')
  @ApiOperation({
    operationId: 'listCalendarSessions',
    summary: 'Sessions of a venue between two trade dates',
    description:
      'One entry per trading day with its open, close, breaks and kind (regular or early-close), instants in UTC; ' +
      'weekdays without a session are listed under closures with the reason. A CME session opens the evening ' +
      'before its trade date; a holiday halt shows as a break.',
  })
  @ApiParam(VENUE_PARAM)
  @ApiEnvelope(200, 'Sessions and closures', SESSIONS_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  sessions(@Param('venue') venue: string, @Query() query: SessionsQueryDto) {
    const found = this.calendars.sessionsBetweenDates(venue, query.from, query.to);
    return presentSessions(this.calendars.venue(venue), query, found);
  }

  @Get(':venue/status')
  @ApiOperation({
    operationId: 'getCalendarStatus',
    summary: 'Whether a venue is open now (or at ?at=), with the next open and close',
    description:
      'state is open, closed, pre-open (opening auction phase) or break (lunch, or a holiday halt); nextOpen and ' +
      'nextClose are the next changes (a break counts); both are null for a market that never closes.',
  })
  @ApiParam(VENUE_PARAM)
  @ApiEnvelope(200, 'The venue status', STATUS_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  status(@Param('venue') venue: string, @Query() query: StatusQueryDto) {
    return presentStatus(this.calendars.status(venue, query.at));
  }
}
