// Public testing surface (`@app/webhooks/testing`): the outbox repository, so a medium spec can put
// a row in the state a killed process leaves (claimed, its lease running); never imported by
// production code.
export { DeliveryRepository } from '../persistence/delivery.repository';
