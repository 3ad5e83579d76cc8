【ordercast】您的订单${orderId}已由${carrier}发出，运单号${trackingNumber}。
