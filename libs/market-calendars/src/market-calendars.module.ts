import { Module } from '@nestjs/common';
import { BaseConfig, MarketCalendarsSettings, WorkCoreModule } from '@app/infrastructure';
import { MarketCalendars } from './market-calendars.service';

const settingsOf = (config: BaseConfig): MarketCalendarsSettings => config.values.marketCalendars;

/** Exchange calendars for every library: one component, reference data shared by all tenants. */
@Module({
  imports: [WorkCoreModule],
  providers: [{ provide: MarketCalendarsSettings, useFactory: settingsOf, inject: [BaseConfig] }, MarketCalendars],
  exports: [MarketCalendarsSettings, MarketCalendars],
})
export class MarketCalendarsModule {}
