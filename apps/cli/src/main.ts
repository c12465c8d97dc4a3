console.log("hello from helios", process.argv.slice(2))
