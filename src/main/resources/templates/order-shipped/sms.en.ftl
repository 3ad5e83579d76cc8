ordercast: order ${orderId} has shipped with ${carrier}, tracking number ${trackingNumber}.
