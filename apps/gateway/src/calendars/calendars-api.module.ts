import { Module } from '@nestjs/common';
import { MarketCalendarsModule } from '@app/market-calendars';
import { CalendarsController } from './calendars.controller';

/** /api/v1/calendars: exchange calendars (libs/market-calendars). */
@Module({
  imports: [MarketCalendarsModule],
  controllers: [CalendarsController],
})
export class CalendarsApiModule {}
