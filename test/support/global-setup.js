// Placeholder: replaced by the local-stack work (starts the stack unless KAFKA_BROKERS and MONGO_URL are set).
module.exports = async () => {};
