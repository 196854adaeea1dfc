import { Module } from '@nestjs/common';
import { PromptsModule } from '@app/prompts';
import { PromptsController } from './prompts.controller';

/** HTTP routes of prompt management under /api/v1/prompts. */
@Module({
  imports: [PromptsModule],
  controllers: [PromptsController],
})
export class PromptsApiModule {}
